import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database, PortalRow } from '../db/schema.js';
import { newId } from '../db/ids.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { reusableQuery } from '../db/reusable-query.js';
import { PortalConfigSchema, type PortalConfig } from './portal-config.js';

/** A portal with its configuration parsed. */
export interface Portal {
  id: string;
  slug: string;
  config: PortalConfig;
  createdAt: string;
  updatedAt: string;
}

/**
 * Parsed configs by their stored text: every customer request reads its
 * portal's row, and parsing it again was most of the cost. Keyed by the text,
 * so a changed config is a new key and is seen at once, by every process
 * sharing the database; the old entry just ages out.
 */
const parsedConfigs = new LRUCache<string, PortalConfig>({ max: 100 });

/** Stored configs were validated on the way in; parsing again catches hand edits. */
function parseConfig(text: string): PortalConfig {
  let config = parsedConfigs.get(text);
  if (!config) {
    config = deepFreeze(PortalConfigSchema.parse(JSON.parse(text)));
    parsedConfigs.set(text, config);
  }
  return config;
}

/** Shared between requests, so nobody may change it in place (a write throws in strict mode). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function toPortal(row: PortalRow): Portal {
  return {
    id: row.id,
    slug: row.slug,
    config: parseConfig(row.config),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const portalBySlugQuery = reusableQuery((db: Kysely<Database>, _shape: null, args: { slug: string }) =>
  db.selectFrom('portals').selectAll().where('slug', '=', args.slug),
);

export async function findPortalBySlug(db: Kysely<Database>, slug: string): Promise<Portal | null> {
  const [row] = await portalBySlugQuery(db, null, { slug });
  return row ? toPortal(row) : null;
}

export async function findPortalById(db: Kysely<Database>, id: string): Promise<Portal | null> {
  const row = await db.selectFrom('portals').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPortal(row) : null;
}

export async function listPortals(db: Kysely<Database>): Promise<Portal[]> {
  const rows = await db.selectFrom('portals').selectAll().orderBy('slug').execute();
  return rows.map(toPortal);
}

export async function insertPortal(
  db: Kysely<Database>,
  slug: string,
  config: PortalConfig,
  now: string,
): Promise<Portal> {
  const row: PortalRow = { id: newId(), slug, config: JSON.stringify(config), created_at: now, updated_at: now };
  await db.insertInto('portals').values(row).execute();
  return toPortal(row);
}

export async function updatePortalConfig(
  db: Kysely<Database>,
  id: string,
  config: PortalConfig,
  now: string,
): Promise<void> {
  await db
    .updateTable('portals')
    .set({ config: JSON.stringify(config), updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deletePortal(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('portals').where('id', '=', id).execute();
}

/** One page of portals by slug; `cursor` holds the last slug of the previous page. */
export async function listPortalsPage(
  db: Kysely<Database>,
  options: { cursor?: string | undefined; limit: number },
): Promise<{ items: Portal[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('portals')
    .selectAll()
    .orderBy('slug')
    .limit(options.limit + 1);
  if (options.cursor) {
    const [after] = decodeCursor(options.cursor, ['string']);
    query = query.where('slug', '>', after);
  }
  const rows = await query.execute();
  const items = rows.slice(0, options.limit).map(toPortal);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? encodeCursor([last.slug]) : null };
}
