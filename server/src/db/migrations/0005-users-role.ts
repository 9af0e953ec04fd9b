import type { Kysely } from 'kysely';

// Frozen once released. New tickets email every agent when unassigned: finding
// them must not scan every customer.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('users_role').on('users').column('role').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_role').execute();
}
