import { sql, type Kysely } from 'kysely';

// Frozen once released: add a new migration instead of editing this one.
// What sign-in needs on top of 0001: rotating refresh tokens, server-held
// passkey challenges, rate-limit counters, and where a login link leads.

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema */
export async function up(db: Kysely<any>): Promise<void> {
  // Each widget session carries one live refresh token at a time; used ones stay,
  // so presenting one again is recognised as reuse and ends the session.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('refresh_tokens_session').on('refresh_tokens').column('session_id').execute();

  // WebAuthn challenges live here, not in the client, and are deleted on first use.
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('challenge', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('portal_id', 'text', (c) => c.references('portals.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_challenges_expiry').on('webauthn_challenges').column('expires_at').execute();

  // Fixed-window counters, shared by every app server on the same database.
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();

  // The page a login link opens after sign-in (always a path inside its portal).
  await db.schema.alterTable('login_tokens').addColumn('next_path', 'text').execute();
  await db.schema.createIndex('passkeys_user').on('passkeys').column('user_id').execute();
  // Sign-in looks addresses up without regard to case.
  await db.schema
    .createIndex('users_email_lower')
    .on('users')
    .expression(sql`lower(email)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_email_lower').execute();
  await db.schema.dropIndex('passkeys_user').execute();
  await db.schema.alterTable('login_tokens').dropColumn('next_path').execute();
  await db.schema.dropTable('rate_limits').execute();
  await db.schema.dropTable('webauthn_challenges').execute();
  await db.schema.dropTable('refresh_tokens').execute();
}
