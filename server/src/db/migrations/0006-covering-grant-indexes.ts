import type { Kysely } from 'kysely';

// Frozen once released. Indexes only, so it runs the same on SQLite and PostgreSQL.

/** The per-grant indexes of 0001 and 0004, and the columns that made them cover a grant's page. */
const GRANT_INDEXES = [
  { name: 'tickets_requester', owner: 'requester_id', sort: 'created_at' },
  { name: 'tickets_organization', owner: 'organization_id', sort: 'created_at' },
  { name: 'tickets_project', owner: 'project_id', sort: 'created_at' },
  { name: 'tickets_requester_updated', owner: 'requester_id', sort: 'updated_at' },
  { name: 'tickets_organization_updated', owner: 'organization_id', sort: 'updated_at' },
  { name: 'tickets_project_updated', owner: 'project_id', sort: 'updated_at' },
] as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A list reads the first page of each visibility grant from these indexes.
  // With the id (the sort's tie-break) and the columns the rule tests (kind,
  // type, private) in the index, that read never visits the table: at a
  // million tickets each visit was a random page, and most of a list's cost.
  for (const { name, owner, sort } of GRANT_INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(name)
      .on('tickets')
      .columns([owner, sort, 'id', 'kind', 'type_id', 'private'])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { name, owner, sort } of GRANT_INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('tickets').columns([owner, sort]).execute();
  }
}
