import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env.js';
import { startServer, type RunningServer } from '../main.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { openTestDb } from '../testing/test-db.js';
import { prepareDemo, whereToLook } from './start-up.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const base = { serverUrl: 'http://localhost:3300', devMailbox: false, smtp: false };

describe('what npm start prints (issue 8, defect 7)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('on a fresh install: the console and the API, never a portal that does not exist', async () => {
    const lines = (await whereToLook(t.k, { ...base, demoSiteUrl: null })).join('\n');
    expect(lines).toContain('http://localhost:3300/console');
    expect(lines).toContain('http://localhost:3300/api/v1/openapi.json');
    expect(lines).not.toContain('/p/');
    expect(lines).not.toContain('/dev/mailbox');
    expect(lines).not.toContain('Demo host website');
    expect(lines).toContain('No SMTP_URL');
  });

  it('with the demo world: the demo site, the portal, the console and the dev mailbox', async () => {
    const { seeded } = await prepareDemo(t.k, { demo: true, demoSitePort: 3301, now: NOW });
    expect(seeded).toBe(true);
    const lines = await whereToLook(t.k, {
      ...base,
      demoSiteUrl: 'http://localhost:3301/',
      devMailbox: true,
      smtp: true,
    });
    expect(lines).toEqual([
      'Demo host website (embeds the widget): http://localhost:3301/',
      'Full-screen portal: http://localhost:3300/p/acme',
      'Support console (staff sign in here): http://localhost:3300/console',
      'Dev mailbox (sign-in codes and notifications): http://localhost:3300/dev/mailbox',
      'API description (OpenAPI): http://localhost:3300/api/v1/openapi.json',
    ]);
    // A second start on another demo port: the portals learn the new origin.
    const again = await prepareDemo(t.k, { demo: true, demoSitePort: 3401, now: NOW });
    expect(again).toEqual({ seeded: false, allowed: ['acme', 'tasks'] });
    const cors = await t.app.request('/api/v1/portals/acme', { headers: { origin: 'http://localhost:3401' } });
    expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:3401');
  });

  it('DEMO=0 seeds nothing', async () => {
    const ctx = await createTestContext();
    try {
      expect(await prepareDemo(ctx.k, { demo: false, demoSitePort: 3301, now: NOW })).toEqual({
        seeded: false,
        allowed: [],
      });
      expect(await ctx.k.selectFrom('portals').select('id').executeTakeFirst()).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});

describe('a fresh DEMO=0 install with ADMIN_EMAIL', () => {
  let server: RunningServer;
  let dir: string;
  let db: Awaited<ReturnType<typeof openTestDb>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tp-fresh-'));
    const env = parseEnv({
      DEMO: '0',
      ADMIN_EMAIL: 'boss@example.com',
      PORT: '0',
      UPLOAD_DIR: join(dir, 'uploads'),
      DATABASE_URL: join(dir, 'tickets.db'),
      SECRET: 'fresh-install-secret-fresh-install-secret',
    });
    // The real server on a real port, on an empty database of the dialect under test.
    db = await openTestDb();
    server = await startServer(env, { db });
  });
  afterAll(async () => {
    await server.stop();
    // The server closed the database; this drops what the test made (a PostgreSQL schema, a temp dir).
    await db.dispose().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the first admin sign in on the console with the emailed code, over HTTP', async () => {
    expect(await server.deps.db.kysely.selectFrom('portals').select('id').executeTakeFirst()).toBeUndefined();
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    const page = await fetch(`${server.url}/console`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<tp-console signed-out>');

    const started = await post('/api/v1/auth/email/start', { email: 'Boss@Example.com' });
    expect(started.status).toBe(202);
    const mail = await server.deps.db.kysely
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', 'boss@example.com')
      .executeTakeFirstOrThrow();
    const code = /^\s+(\d{6})$/m.exec(mail.text_body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.text_body).toContain('/auth/link?token=');

    const verified = await post('/api/v1/auth/email/verify', { email: 'boss@example.com', code, channel: 'cookie' });
    expect(verified.status).toBe(200);
    const cookie = verified.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-tp_session='))!
      .split(';')[0]!;
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ email: 'boss@example.com', role: 'admin' });
    // The admin API is open to them: the first portal can be made from here.
    const portals = await fetch(`${server.url}/api/v1/admin/portals`, { headers: { cookie } });
    expect(portals.status).toBe(200);
  });
});
