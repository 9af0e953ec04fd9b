import type { Executor } from '../db/executor.js';
import type { User } from '../db/schema.js';

/** What the account API shows of the signed-in user. */
export async function findMe(db: Executor, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'locale', 'organization_id'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Changes the user's own name or language; nothing to change, nothing written. */
export async function updateMe(
  db: Executor,
  userId: string,
  changes: Partial<Pick<User, 'name' | 'locale'>>,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('users').set(changes).where('id', '=', userId).execute();
}
