import type { Kysely } from 'kysely';

// Frozen once released. Issue 11: portal logos uploaded by admins. A logo is
// content-addressed (its id is the SHA-256 of its bytes), so its public URL
// never changes meaning and can be cached for a year; the same image uploaded
// twice is one row. The bytes live in the uploads storage under `storage_key`.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('logos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('logos').execute();
}
