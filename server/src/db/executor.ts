import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * What a repository function takes first: the database or an open transaction, so the same
 * function runs on its own or as one step of a larger unit of work.
 */
export type Executor = Kysely<Database> | Transaction<Database>;
