import type { Kysely } from 'kysely';

// Frozen once released. Indexes only, so it runs the same on SQLite and PostgreSQL.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  // The outbox worker's sign-in lane looks for due rows of kind `email` only:
  // with this index it finds them directly, however many notifications wait.
  await db.schema
    .createIndex('email_outbox_kind_due')
    .on('email_outbox')
    .columns(['kind', 'status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('email_outbox_kind_due').execute();
}
