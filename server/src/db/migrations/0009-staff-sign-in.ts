import { sql, type Kysely } from 'kysely';

// Frozen once released. Staff sign in on the console, where no portal is
// involved: a sign-in code or link may now belong to no portal
// (login_tokens.portal_id becomes nullable). Neither dialect shares a way to
// drop NOT NULL (SQLite has no ALTER COLUMN), so the table is rebuilt the same
// way on both: new table, copy, drop, rename, indexes again. Nothing refers to
// login_tokens, so the swap breaks no foreign key.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
async function rebuild(db: Kysely<any>, portalId: 'nullable' | 'required'): Promise<void> {
  await db.schema
    .createTable('login_tokens_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => {
      const column = c.references('portals.id').onDelete('cascade');
      return portalId === 'required' ? column.notNull() : column;
    })
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text')
    .addColumn('link_hash', 'text', (c) => c.unique())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .addColumn('next_path', 'text')
    .execute();
  const columns = sql.raw(
    'id, portal_id, email, purpose, code_hash, link_hash, attempts, created_at, expires_at, consumed_at, next_path',
  );
  const source = portalId === 'required' ? sql`login_tokens where portal_id is not null` : sql`login_tokens`;
  await sql`insert into login_tokens_next (${columns}) select ${columns} from ${source}`.execute(db);
  await db.schema.dropTable('login_tokens').execute();
  await db.schema.alterTable('login_tokens_next').renameTo('login_tokens').execute();
  await db.schema.createIndex('login_tokens_email').on('login_tokens').columns(['email', 'portal_id']).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, 'nullable');
}

export async function down(db: Kysely<any>): Promise<void> {
  // Portal-less (console) sign-ins cannot be kept under NOT NULL; they are short-lived anyway.
  await rebuild(db, 'required');
}
