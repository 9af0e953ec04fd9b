import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * What a repository function takes first: the database or an open transaction, so the same
 * function runs on its own or as one step of a larger unit of work.
 */
export type Executor = Kysely<Database> | Transaction<Database>;

/** Whether `db` runs on PostgreSQL (row locks, sequences); SQLite has one writer at a time. */
export function onPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
