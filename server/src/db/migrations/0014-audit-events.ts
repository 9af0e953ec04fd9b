import type { Kysely } from 'kysely';

// Frozen once released. Issue 11: every settings change made through the
// admin API is recorded, in the same transaction as the change. The actor's
// name and email are copied as they were at the time (the user may later be
// renamed or deleted, so no foreign key); `changes` holds the before and
// after of the changed keys only, as JSON, never a secret.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('actor_email', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_label', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  // The log is read newest first, whole or by target type or by actor (keyset on created_at, id).
  await db.schema.createIndex('audit_events_created').on('audit_events').columns(['created_at', 'id']).execute();
  await db.schema
    .createIndex('audit_events_target')
    .on('audit_events')
    .columns(['target_type', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_actor')
    .on('audit_events')
    .columns(['actor_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
