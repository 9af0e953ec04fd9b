import type { Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import { normalizeEmail } from '../tickets/resolve-people.js';

/**
 * ADMIN_EMAIL: makes that address an admin when the deployment has none yet,
 * so a fresh install can sign in (by email code) and configure itself.
 * Returns true when it created or promoted someone.
 */
export async function ensureFirstAdmin(db: Kysely<Database>, rawEmail: string, now: string): Promise<boolean> {
  const email = normalizeEmail(rawEmail);
  return db.transaction().execute(async (trx) => {
    const anyAdmin = await trx.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
    if (anyAdmin) return false;
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('users')
        .set({ role: 'admin', organization_id: null })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await trx
        .insertInto('users')
        .values({
          id: newId(),
          email,
          name: email.split('@')[0] ?? email,
          role: 'admin',
          organization_id: null,
          locale: 'en',
          external_id: null,
          created_at: now,
        })
        .execute();
    }
    return true;
  });
}
