import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { AuditEventsTable } from '../db/schema.js';

export async function insertAuditEvent(trx: Executor, row: AuditEventsTable): Promise<void> {
  await trx.insertInto('audit_events').values(row).execute();
}

/** Filters of the audit log. */
export interface AuditListOptions {
  /** The last row handed out: (created_at, id). */
  before: [string, string] | null;
  targetType: string | undefined;
  targetId: string | undefined;
  actorId: string | undefined;
  limit: number;
}

/** One page of the log, newest first, before the cursor; one row more than `limit`. */
export async function listAuditPage(db: Executor, options: AuditListOptions): Promise<AuditEventsTable[]> {
  let query = db
    .selectFrom('audit_events')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.before) {
    const [at, id] = options.before;
    // Row-value comparison works the same on SQLite and PostgreSQL.
    query = query.where(sql<SqlBool>`(created_at, id) < (${at}, ${id})`);
  }
  if (options.targetType) query = query.where('target_type', '=', options.targetType);
  if (options.targetId) query = query.where('target_id', '=', options.targetId);
  if (options.actorId) query = query.where('actor_id', '=', options.actorId);
  return query.execute();
}
