import type { Kysely } from 'kysely';

// Frozen once released: add a new migration instead of editing this one.
// What the outbox worker and notifications need on top of 0001's email_outbox.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  const columns: [string, (c: any) => any][] = [
    // `email`: content stored ready to send; `notification`: rendered by the worker at send time.
    ['kind', (c) => c.notNull().defaultTo('email')],
    ['recipient_user_id', (c) => c],
    // JSON describing what a `notification` row is about (ticket, event, category).
    ['payload', (c) => c],
    // `<row-id@host>`, fixed at the first claim so a retry after a crash carries the same one.
    ['message_id', (c) => c],
    // Lease of the worker that claimed the row; an expired lease makes the row due again.
    ['locked_by', (c) => c],
    ['locked_until', (c) => c],
    // Which transport delivered it: `smtp` or `dev` (the dev mailbox).
    ['transport', (c) => c],
  ];
  for (const [name, build] of columns) {
    await db.schema.alterTable('email_outbox').addColumn(name, 'text', build).execute();
  }
  await db.schema.createIndex('email_outbox_created').on('email_outbox').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('email_outbox_created').execute();
  for (const name of ['transport', 'locked_until', 'locked_by', 'message_id', 'payload', 'recipient_user_id', 'kind']) {
    await db.schema.alterTable('email_outbox').dropColumn(name).execute();
  }
}
