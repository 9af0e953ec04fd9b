import type { Kysely } from 'kysely';

// Frozen once released: add a new migration instead of editing this one.
// Email as a channel (issue 13): every inbound message as it arrived, refusals
// sent to strangers, and the extra headers of outgoing mail.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per inbound message, committed before the transport acknowledges it.
  // `message_key` (the Message-ID, or a hash of the bytes when there is none) is
  // unique: a retry, a re-poll or a second reader of one mailbox adds nothing.
  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_key', 'text', (c) => c.notNull().unique())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // pending → processing → done | ignored | refused | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('sender', 'text')
    .addColumn('subject', 'text')
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema
    .createIndex('inbound_messages_status')
    .on('inbound_messages')
    .columns(['status', 'received_at'])
    .execute();
  await db.schema
    .createIndex('inbound_messages_received')
    .on('inbound_messages')
    .columns(['received_at', 'id'])
    .execute();

  // A stranger writing to a portal that allows no sign-up is told so once, not on every message.
  await db.schema
    .createTable('inbound_refusals')
    .addColumn('portal_id', 'text', (c) => c.notNull().references('portals.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_refusals_pk', ['portal_id', 'address'])
    .execute();

  // Reply-To and threading headers of an outgoing email (JSON), kept with the row.
  await db.schema.alterTable('email_outbox').addColumn('headers', 'text').execute();
  // Inbound mail carrying one of our own Message-IDs is our own mail coming back.
  await db.schema.createIndex('email_outbox_message_id').on('email_outbox').column('message_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('email_outbox_message_id').execute();
  await db.schema.alterTable('email_outbox').dropColumn('headers').execute();
  await db.schema.dropTable('inbound_refusals').execute();
  await db.schema.dropTable('inbound_messages').execute();
}
