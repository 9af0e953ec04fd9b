import type { Kysely } from 'kysely';

// Frozen once released. Issue 11: an admin deactivates a person instead of
// deleting them: they keep their tickets and history, but cannot sign in.
// Null means active.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
}
