import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Storage } from './storage.js';

const BATCH = 500;

/**
 * Removes stored files no attachment, inbound email or logo row references, and partial writes, that
 * are older than `before`. Such files exist only when a process died between
 * writing the bytes and committing the row (or mid-write). Run at start-up with
 * `before` an hour or so in the past, so uploads in flight on another server
 * sharing the directory are left alone.
 */
export async function sweepOrphanUploads(
  db: Kysely<Database>,
  storage: Storage,
  before: Date,
): Promise<{ orphans: number; partials: number }> {
  const partials = await storage.dropAbandonedWrites(before);
  const keys = await storage.keysWrittenBefore(before);
  let orphans = 0;
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    const rows = await db
      .selectFrom('attachments')
      .select('storage_key')
      .where('storage_key', 'in', batch)
      // Raw inbound emails live in the same storage, kept for their row (inbound/).
      .union(db.selectFrom('inbound_messages').select('storage_key').where('storage_key', 'in', batch))
      // Portal logos too (admin/portal-logos.routes.ts).
      .union(db.selectFrom('logos').select('storage_key').where('storage_key', 'in', batch))
      .execute();
    const referenced = new Set(rows.map((r) => r.storage_key));
    for (const key of batch) {
      if (referenced.has(key)) continue;
      await storage.delete(key);
      orphans += 1;
    }
  }
  return { orphans, partials };
}
