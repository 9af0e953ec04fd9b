import type { Insertable } from 'kysely';
import { onPostgres, type Executor } from '../db/executor.js';
import type { Database, Role, User } from '../db/schema.js';
import type { CursorKey } from '../http/cursor.js';
import { after, contains } from './pagination.js';

/** Filters of the admin user list. */
export interface UserListOptions {
  from: CursorKey | null;
  role: Role | undefined;
  organizationId: string | undefined;
  /** Matched in the name or email. */
  text: string | undefined;
  state: 'active' | 'deactivated' | undefined;
  limit: number;
}

/** One page of users by email after `from`; one row more than `limit`. */
export async function listUsersPage(db: Executor, options: UserListOptions): Promise<User[]> {
  const { from, role, organizationId, text, state, limit } = options;
  let query = db
    .selectFrom('users')
    .selectAll()
    .orderBy('email')
    .orderBy('id')
    .limit(limit + 1);
  if (from) query = query.where(after('email', 'id', from));
  if (role) query = query.where('role', '=', role);
  if (organizationId) query = query.where('organization_id', '=', organizationId);
  if (text) query = query.where((eb) => eb.or([contains('name', text), contains('email', text)]));
  if (state) query = query.where('deactivated_at', state === 'active' ? 'is' : 'is not', null);
  return query.execute();
}

export async function findUser(db: Executor, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether another user than `exceptId` has `email` (already lower case). */
export async function emailTaken(db: Executor, email: string, exceptId: string | null): Promise<boolean> {
  // Emails are stored lower case; lower() on the column also catches rows written before that rule.
  let query = db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email));
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function organizationExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function insertUser(db: Executor, row: Insertable<Database['users']>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(
  db: Executor,
  id: string,
  changes: {
    email?: string;
    name?: string;
    role?: Role;
    organization_id?: string | null;
    locale?: string;
    deactivated_at?: string | null;
  },
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Deletes a user; a foreign key violation means they still own tickets, messages, files or time entries. */
export async function deleteUser(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Takes a user off every ticket assigned to them; returns those tickets' ids. */
export async function unassignAll(trx: Executor, userId: string, now: string): Promise<string[]> {
  const assigned = await trx.selectFrom('tickets').select('id').where('assignee_id', '=', userId).execute();
  if (assigned.length === 0) return [];
  await trx
    .updateTable('tickets')
    .set({ assignee_id: null, updated_at: now })
    .where('assignee_id', '=', userId)
    .execute();
  return assigned.map((t) => t.id);
}

/** The fields the preview sign-in needs of a user. */
export async function findUserSummary(
  db: Executor,
  id: string,
): Promise<Pick<User, 'id' | 'name' | 'email' | 'role'> | undefined> {
  return db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('id', '=', id).executeTakeFirst();
}

/**
 * Ids of the active admins. With `lock` (inside a transaction), their rows are
 * locked on PostgreSQL, so a concurrent demotion waits and then sees this
 * one's outcome; SQLite runs one writing transaction at a time anyway.
 */
export async function activeAdminIds(db: Executor, options: { lock?: boolean } = {}): Promise<string[]> {
  let query = db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('deactivated_at', 'is', null)
    .orderBy('id');
  if (options.lock && onPostgres(db)) query = query.forUpdate();
  return (await query.execute()).map((r) => r.id);
}

/** Sign-in codes and links of `email` still waiting to be used stop working now. */
export async function expireSignInTokens(trx: Executor, email: string, now: string): Promise<void> {
  await trx
    .updateTable('login_tokens')
    .set({ expires_at: now })
    .where('email', '=', email.toLowerCase())
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}
