import { sql, type Selectable, type SqlBool } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { InboundMessagesTable, InboundStatus } from '../db/schema.js';

export type InboundMessage = Selectable<InboundMessagesTable>;

/**
 * One page of received emails, newest first, after the `(received_at, id)` key
 * of the previous page's last row; one row more than `limit`, so the caller
 * knows whether another page follows.
 */
export async function listInboundPage(
  db: Executor,
  options: { status: InboundStatus | undefined; after: readonly [string | number, string] | null; limit: number },
): Promise<InboundMessage[]> {
  const { status, after, limit } = options;
  return db
    .selectFrom('inbound_messages')
    .selectAll()
    .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
    .$if(after !== null, (qb) => qb.where(sql<SqlBool>`(received_at, id) < (${after![0]}, ${after![1]})`))
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function findInbound(db: Executor, id: string): Promise<InboundMessage | undefined> {
  return db.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Puts a failed email back in the queue with fresh attempts; throws when it is no longer failed. */
export async function requeueFailed(db: Executor, id: string): Promise<InboundMessage> {
  return db
    .updateTable('inbound_messages')
    .set({ status: 'pending', attempts: 0, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The most recent received emails, for the dev mailbox page. */
export async function listRecentInbound(db: Executor, limit: number): Promise<InboundMessage[]> {
  return db
    .selectFrom('inbound_messages')
    .selectAll()
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
