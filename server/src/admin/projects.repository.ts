import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { Project } from '../db/schema.js';
import type { CursorKey } from '../http/cursor.js';
import { after, contains } from './pagination.js';

/** A follower of a project: a user or a whole organization. */
export interface ProjectFollower {
  column: 'user_id' | 'organization_id';
  id: string;
}

/** One page of projects by name after `from`, matching `text`; one row more than `limit`. */
export async function listProjectsPage(
  db: Executor,
  options: { from: CursorKey | null; text: string | undefined; limit: number },
): Promise<Project[]> {
  const { from, text, limit } = options;
  let query = db
    .selectFrom('projects')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1);
  if (from) query = query.where(after('name', 'id', from));
  if (text) query = query.where(contains('name', text));
  return query.execute();
}

export async function findProject(db: Executor, id: string): Promise<Project | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProject(db: Executor, row: Project): Promise<void> {
  await db.insertInto('projects').values(row).execute();
}

export async function renameProject(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable('projects').set({ name }).where('id', '=', id).execute();
}

/** False when there was no such project. */
export async function deleteProject(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The users and organizations following a project, by email and by name. */
export async function projectFollowers(db: Executor, projectId: string) {
  const [users, organizations] = await Promise.all([
    db
      .selectFrom('project_followers as pf')
      .innerJoin('users as u', 'u.id', 'pf.user_id')
      .select(['u.id', 'u.name', 'u.email'])
      .where('pf.project_id', '=', projectId)
      .orderBy('u.email')
      .execute(),
    db
      .selectFrom('project_followers as pf')
      .innerJoin('organizations as o', 'o.id', 'pf.organization_id')
      .select(['o.id', 'o.name'])
      .where('pf.project_id', '=', projectId)
      .orderBy('o.name')
      .orderBy('o.id')
      .execute(),
  ]);
  return { users, organizations };
}

/** Whether a user (or organization) with this id exists, to follow a project. */
export async function followerExists(db: Executor, follower: ProjectFollower): Promise<boolean> {
  const table = follower.column === 'user_id' ? 'users' : 'organizations';
  return (await db.selectFrom(table).select('id').where('id', '=', follower.id).executeTakeFirst()) !== undefined;
}

export async function isFollowing(db: Executor, projectId: string, follower: ProjectFollower): Promise<boolean> {
  const row = await db
    .selectFrom('project_followers')
    .select('id')
    .where('project_id', '=', projectId)
    .where(follower.column, '=', follower.id)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds a follower; a unique violation means a concurrent request added it first. */
export async function insertFollower(
  db: Executor,
  projectId: string,
  follower: ProjectFollower,
  now: string,
): Promise<void> {
  await db
    .insertInto('project_followers')
    .values({
      id: newId(),
      project_id: projectId,
      user_id: follower.column === 'user_id' ? follower.id : null,
      organization_id: follower.column === 'organization_id' ? follower.id : null,
      created_at: now,
    })
    .execute();
}

/** False when it was not following. */
export async function deleteFollower(db: Executor, projectId: string, follower: ProjectFollower): Promise<boolean> {
  const result = await db
    .deleteFrom('project_followers')
    .where('project_id', '=', projectId)
    .where(follower.column, '=', follower.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
