import type { Executor } from '../db/executor.js';
import type { Organization } from '../db/schema.js';
import type { CursorKey } from '../http/cursor.js';
import { after, contains } from './pagination.js';

/**
 * One page of organizations by name, after `from` (the previous page's last
 * (name, id)), matching `text` in the name or domain; one row more than
 * `limit`, so the caller knows whether another page follows.
 */
export async function listOrganizationsPage(
  db: Executor,
  options: { from: CursorKey | null; text: string | undefined; limit: number },
): Promise<Organization[]> {
  const { from, text, limit } = options;
  let query = db
    .selectFrom('organizations')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1);
  if (from) query = query.where(after('name', 'id', from));
  if (text) query = query.where((eb) => eb.or([contains('name', text), contains('domain', text)]));
  return query.execute();
}

export async function findOrganization(db: Executor, id: string): Promise<Organization | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOrganization(db: Executor, row: Organization): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function updateOrganization(
  db: Executor,
  id: string,
  changes: { name?: string; domain?: string | null },
): Promise<void> {
  await db.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

/** False when there was no such organization. */
export async function deleteOrganization(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whether another organization than `exceptId` claims `domain`. */
export async function domainClaimed(db: Executor, domain: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('organizations').select('id').where('domain', '=', domain);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
