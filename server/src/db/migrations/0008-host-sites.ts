import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen once released: add a new migration instead of editing this one.
//
// Host identity keys move from each portal's config to host sites that
// portals refer to (defect 9): the same host's `sub` then names the same
// customer on every portal that trusts that host. Until now a host customer's
// external id was `<portal id>:<sub>`; it becomes `<host site id>:<sub>`.
// Each portal that had keys (or host customers) gets a host site of its own
// holding its keys, so every existing customer keeps signing in as before.
// Plain SQL and JSON only: it must not depend on today's app code.

type Json = Record<string, unknown>;

function parse(text: string): Json {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** Rewrites `<from>:<sub>` external ids to `<to>:<sub>`. */
async function moveExternalIds(db: Kysely<any>, from: string, to: string): Promise<void> {
  const prefix = `${from}:`;
  await db
    .updateTable('users')
    .set({ external_id: sql`${`${to}:`} || substr(external_id, ${prefix.length + 1})` })
    .where(sql`substr(external_id, 1, ${prefix.length})`, '=', prefix)
    .execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('host_sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('host_site_keys')
    .addColumn('host_site_id', 'text', (c) => c.notNull().references('host_sites.id').onDelete('cascade'))
    .addColumn('kid', 'text', (c) => c.notNull())
    // HS256: the shared secret; ES256: the public key as JWK text. Never returned by the API.
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('public_key_jwk', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('host_site_keys_pk', ['host_site_id', 'kid'])
    .execute();

  const now = new Date().toISOString();
  const portals: { id: string; config: string; updated_at: string }[] = await db
    .selectFrom('portals')
    .select(['id', 'config', 'updated_at'])
    .orderBy('created_at')
    .execute();
  for (const portal of portals) {
    const config = parse(portal.config);
    const identity = config.identity && typeof config.identity === 'object' ? (config.identity as Json) : {};
    const keys = Array.isArray(identity.keys) ? (identity.keys as Json[]) : [];
    const prefix = `${portal.id}:`;
    const customers = await db
      .selectFrom('users')
      .select('id')
      .where(sql`substr(external_id, 1, ${prefix.length})`, '=', prefix)
      .limit(1)
      .executeTakeFirst();
    let hostSiteId: string | null = null;
    if (keys.length > 0 || customers) {
      hostSiteId = randomUUID();
      const name = typeof config.name === 'string' ? config.name : 'Host site';
      await db.insertInto('host_sites').values({ id: hostSiteId, name, created_at: now, updated_at: now }).execute();
      for (const key of keys) {
        await db
          .insertInto('host_site_keys')
          .values({
            host_site_id: hostSiteId,
            kid: String(key.kid),
            alg: String(key.alg),
            secret: typeof key.secret === 'string' ? key.secret : null,
            public_key_jwk: key.publicKeyJwk ? JSON.stringify(key.publicKeyJwk) : null,
            created_at: portal.updated_at,
          })
          .execute();
      }
      await moveExternalIds(db, portal.id, hostSiteId);
    }
    config.identity = {
      hostSiteId,
      trustEmail: identity.trustEmail === true,
      audience: typeof identity.audience === 'string' ? identity.audience : null,
    };
    await db
      .updateTable('portals')
      .set({ config: JSON.stringify(config) })
      .where('id', '=', portal.id)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const portals: { id: string; config: string }[] = await db
    .selectFrom('portals')
    .select(['id', 'config'])
    .orderBy('created_at')
    .execute();
  const movedBack = new Set<string>();
  for (const portal of portals) {
    const config = parse(portal.config);
    const identity = config.identity && typeof config.identity === 'object' ? (config.identity as Json) : {};
    const hostSiteId = typeof identity.hostSiteId === 'string' ? identity.hostSiteId : null;
    const rows: { kid: string; alg: string; secret: string | null; public_key_jwk: string | null }[] = hostSiteId
      ? await db
          .selectFrom('host_site_keys')
          .select(['kid', 'alg', 'secret', 'public_key_jwk'])
          .where('host_site_id', '=', hostSiteId)
          .execute()
      : [];
    const keys = rows.map((r) =>
      r.alg === 'HS256'
        ? { kid: r.kid, alg: r.alg, secret: r.secret }
        : { kid: r.kid, alg: r.alg, publicKeyJwk: parse(r.public_key_jwk ?? '{}') },
    );
    config.identity = { keys, trustEmail: identity.trustEmail === true, audience: identity.audience ?? null };
    await db
      .updateTable('portals')
      .set({ config: JSON.stringify(config) })
      .where('id', '=', portal.id)
      .execute();
    // A host site shared by several portals goes back to the oldest of them.
    if (hostSiteId && !movedBack.has(hostSiteId)) {
      movedBack.add(hostSiteId);
      await moveExternalIds(db, hostSiteId, portal.id);
    }
  }
  await db.schema.dropTable('host_site_keys').execute();
  await db.schema.dropTable('host_sites').execute();
}
