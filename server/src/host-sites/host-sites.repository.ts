import { randomBytes } from 'node:crypto';
import { newId } from '../db/ids.js';
import type { Executor } from '../db/executor.js';

/** A P-256 public key as a JWK (no private part). */
export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** A key a host site signs identity tokens with. Secrets stay on the server: see `KeySummary`. */
export type HostKey = { kid: string; createdAt: string } & (
  { alg: 'HS256'; secret: string } | { alg: 'ES256'; publicKeyJwk: PublicKeyJwk }
);

/** What the admin API shows of a key: never the secret. */
export interface KeySummary {
  kid: string;
  alg: 'HS256' | 'ES256';
  createdAt: string;
}

export interface HostSite {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** A host site holds at most this many keys (two during a rotation is the usual). */
export const MAX_KEYS_PER_HOST_SITE = 10;

export function summarize(key: HostKey): KeySummary {
  return { kid: key.kid, alg: key.alg, createdAt: key.createdAt };
}

/** A fresh `kid` when the admin gives none: readable, and unique enough to never clash in one host site. */
export function newKid(): string {
  return `key-${randomBytes(6).toString('hex')}`;
}

/** A new HS256 secret: 256 random bits, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

type SiteRow = { id: string; name: string; created_at: string; updated_at: string };
const toSite = (row: SiteRow): HostSite => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function findHostSite(db: Executor, id: string): Promise<HostSite | null> {
  const row = await db.selectFrom('host_sites').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSite(row) : null;
}

export async function insertHostSite(db: Executor, name: string, now: string): Promise<HostSite> {
  const row = { id: newId(), name, created_at: now, updated_at: now };
  await db.insertInto('host_sites').values(row).execute();
  return toSite(row);
}

export async function renameHostSite(db: Executor, id: string, name: string, now: string): Promise<void> {
  await db.updateTable('host_sites').set({ name, updated_at: now }).where('id', '=', id).execute();
}

/** Deletes a host site and its keys. Customers keep their external ids, so re-creating keys does not bring them back. */
export async function deleteHostSite(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('host_sites').where('id', '=', id).execute();
}

/** One page of host sites by name; `cursor` is the last row's id of the previous page, opaque to clients. */
export async function listHostSitesPage(
  db: Executor,
  options: { cursor?: string | undefined; limit: number },
): Promise<{ items: HostSite[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('host_sites')
    .selectAll()
    .orderBy('id')
    .limit(options.limit + 1);
  if (options.cursor) {
    const after = Buffer.from(options.cursor, 'base64url')
      .toString('utf8')
      .replace(/\u0000/g, '')
      .slice(0, 64);
    query = query.where('id', '>', after);
  }
  const rows = await query.execute();
  const items = rows.slice(0, options.limit).map(toSite);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? Buffer.from(last.id).toString('base64url') : null };
}

/** The keys of each of `hostSiteIds`, oldest first. */
export async function keysOf(db: Executor, hostSiteIds: string[]): Promise<Map<string, HostKey[]>> {
  const byHost = new Map<string, HostKey[]>(hostSiteIds.map((id) => [id, []]));
  if (hostSiteIds.length === 0) return byHost;
  const rows = await db
    .selectFrom('host_site_keys')
    .selectAll()
    .where('host_site_id', 'in', [...new Set(hostSiteIds)])
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
  for (const row of rows) {
    const key: HostKey | null =
      row.alg === 'HS256' && row.secret !== null
        ? { kid: row.kid, alg: 'HS256', secret: row.secret, createdAt: row.created_at }
        : row.alg === 'ES256' && row.public_key_jwk !== null
          ? {
              kid: row.kid,
              alg: 'ES256',
              publicKeyJwk: JSON.parse(row.public_key_jwk) as PublicKeyJwk,
              createdAt: row.created_at,
            }
          : null;
    if (key) byHost.get(row.host_site_id)?.push(key);
  }
  return byHost;
}

/** The keys of one host site (none for null). */
export async function hostKeys(db: Executor, hostSiteId: string | null): Promise<HostKey[]> {
  if (hostSiteId === null) return [];
  return (await keysOf(db, [hostSiteId])).get(hostSiteId) ?? [];
}

/** Adds a key; the caller checked that the kid is free and the count below the limit (the primary key still guards the kid). */
export async function insertHostKey(db: Executor, hostSiteId: string, key: HostKey): Promise<void> {
  await db
    .insertInto('host_site_keys')
    .values({
      host_site_id: hostSiteId,
      kid: key.kid,
      alg: key.alg,
      secret: key.alg === 'HS256' ? key.secret : null,
      public_key_jwk: key.alg === 'ES256' ? JSON.stringify(key.publicKeyJwk) : null,
      created_at: key.createdAt,
    })
    .execute();
}

/** Removes a key; false when the host site has no such key. */
export async function deleteHostKey(db: Executor, hostSiteId: string, kid: string): Promise<boolean> {
  const result = await db
    .deleteFrom('host_site_keys')
    .where('host_site_id', '=', hostSiteId)
    .where('kid', '=', kid)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
