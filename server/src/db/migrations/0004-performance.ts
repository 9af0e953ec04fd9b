import type { Kysely } from 'kysely';

// Frozen once released. Indexes only, so it runs the same on SQLite and PostgreSQL.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  // Customer lists sorted by "updated" read each visibility grant's first page
  // in order, like the (…, created_at) indexes of 0001 do for "created"; without
  // these, a large organization's list sorts every ticket it can see.
  await db.schema
    .createIndex('tickets_requester_updated')
    .on('tickets')
    .columns(['requester_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('tickets_organization_updated')
    .on('tickets')
    .columns(['organization_id', 'updated_at'])
    .execute();
  await db.schema.createIndex('tickets_project_updated').on('tickets').columns(['project_id', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['tickets_project_updated', 'tickets_organization_updated', 'tickets_requester_updated']) {
    await db.schema.dropIndex(name).execute();
  }
}
