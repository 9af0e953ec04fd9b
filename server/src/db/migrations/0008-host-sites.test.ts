import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { DEFAULT_SETTINGS } from '../../app-env.js';
import { PortalConfigSchema, defaultPortalConfig } from '../../portals/portal-config.js';
import { TestClock } from '../../testing/test-context.js';
import { openTestDb } from '../../testing/test-db.js';
import { createLocalStorage } from '../../uploads/local-storage.js';

// Migration 0008 moves host identity keys from portal configs to host sites
// and re-keys host customers from `<portal id>:<sub>` to `<host site id>:<sub>`;
// every existing customer must still sign in as themself.

const SECRET = 'old-portal-secret-old-portal-secret-000';
const now = '2026-01-01T00:00:00.000Z';
let db: Awaited<ReturnType<typeof openTestDb>>;
let uploads: string;

/** A portal row as 0001-0007 stored it: identity keys inside the config JSON. */
function oldConfig(name: string, identity: unknown): string {
  const { identity: _dropped, ...rest } = defaultPortalConfig(name, 'ticket', ['type-1']);
  void _dropped;
  return JSON.stringify(identity === undefined ? rest : { ...rest, identity });
}

beforeAll(async () => {
  db = await openTestDb({ migrateTo: '0007-outbox-sign-in-lane' });
  const k = db.kysely;
  await k
    .insertInto('ticket_types')
    .values({ id: 'type-1', key: 'incident', name: 'Incident', position: 0, created_at: now })
    .execute();
  const portals = [
    {
      id: 'p-keys',
      slug: 'keys',
      identity: {
        keys: [{ kid: 'site-1', alg: 'HS256', secret: SECRET }],
        trustEmail: true,
        audience: 'https://shop.example',
      },
    },
    { id: 'p-none', slug: 'none', identity: undefined },
    { id: 'p-empty', slug: 'empty', identity: { keys: [], trustEmail: false, audience: null } },
  ];
  for (const p of portals) {
    await k
      .insertInto('portals')
      .values({ id: p.id, slug: p.slug, config: oldConfig(p.slug, p.identity), created_at: now, updated_at: now })
      .execute();
  }
  const users = [
    { id: 'u-host', email: 'host@shop.example', external_id: 'p-keys:cust-1' },
    // Signed in by a portal whose keys were removed since: kept, so keys added later find them again.
    { id: 'u-orphan', email: 'orphan@shop.example', external_id: 'p-empty:cust-9' },
    { id: 'u-plain', email: 'plain@example.test', external_id: null },
  ];
  for (const u of users) {
    await k
      .insertInto('users')
      .values({ ...u, name: u.id, role: 'customer', organization_id: null, locale: 'en', created_at: now })
      .execute();
  }
  await db.upgrade();
  uploads = mkdtempSync(join(tmpdir(), 'tp-migration-'));
});

afterAll(async () => {
  await db.dispose();
  rmSync(uploads, { recursive: true, force: true });
});

const configOf = async (slug: string) =>
  PortalConfigSchema.parse(
    JSON.parse(
      (await db.kysely.selectFrom('portals').select('config').where('slug', '=', slug).executeTakeFirstOrThrow())
        .config,
    ),
  );

describe('migration 0008: host sites', () => {
  it('gives each portal with keys or host customers a host site holding its keys; configs stay valid', async () => {
    const keys = await configOf('keys');
    expect(keys.identity).toEqual({
      hostSiteId: expect.any(String),
      trustEmail: true,
      audience: 'https://shop.example',
    });
    const site = await db.kysely
      .selectFrom('host_sites')
      .selectAll()
      .where('id', '=', keys.identity.hostSiteId!)
      .executeTakeFirstOrThrow();
    expect(site.name).toBe('keys');
    const rows = await db.kysely.selectFrom('host_site_keys').selectAll().where('host_site_id', '=', site.id).execute();
    expect(rows).toEqual([
      { host_site_id: site.id, kid: 'site-1', alg: 'HS256', secret: SECRET, public_key_jwk: null, created_at: now },
    ]);

    expect((await configOf('none')).identity).toEqual({ hostSiteId: null, trustEmail: false, audience: null });
    const empty = await configOf('empty');
    expect(empty.identity.hostSiteId).not.toBeNull();
    expect(
      await db.kysely
        .selectFrom('host_site_keys')
        .select('kid')
        .where('host_site_id', '=', empty.identity.hostSiteId!)
        .execute(),
    ).toEqual([]);
  });

  it('re-keys host customers by host site, leaving everyone else alone', async () => {
    const ids = Object.fromEntries(
      (await db.kysely.selectFrom('users').select(['id', 'external_id']).execute()).map((u) => [u.id, u.external_id]),
    );
    expect(ids['u-host']).toBe(`${(await configOf('keys')).identity.hostSiteId}:cust-1`);
    expect(ids['u-orphan']).toBe(`${(await configOf('empty')).identity.hostSiteId}:cust-9`);
    expect(ids['u-plain']).toBeNull();
  });

  it('an existing host customer signs in as themself after the migration', async () => {
    const app = createApp({
      db,
      clock: new TestClock(Date.now()),
      storage: createLocalStorage(uploads),
      secret: new TextEncoder().encode('test-secret-test-secret-test-secret!!'),
      settings: { ...DEFAULT_SETTINGS, signInStartMinMs: 0 },
    });
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'site-1' })
      .setSubject('cust-1')
      .setAudience('keys')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(new TextEncoder().encode(SECRET));
    const res = await app.request('/api/v1/auth/identity', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portal: 'keys', identityToken: token }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { id: string } }).user.id).toBe('u-host');
  });
});
