import SQLite from 'better-sqlite3';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, testDialect } from '../testing/test-db.js';

let db: Awaited<ReturnType<typeof openTestDb>>;

beforeAll(async () => {
  db = await openTestDb();
});

afterAll(async () => {
  await db.dispose();
});

describe.skipIf(testDialect !== 'sqlite')('SQLite transactions (SECURITY.md: writes in immediate transactions)', () => {
  it('take the write lock at BEGIN, before their first write', async () => {
    const file = db.sqlite!.name;
    const other = new SQLite(file);
    other.pragma('busy_timeout = 0');
    try {
      let refused: unknown = null;
      await db.kysely.transaction().execute(async (trx) => {
        await trx.selectFrom('organizations').select('id').execute();
        // Another connection (a backup, a second process) cannot start writing now.
        try {
          other.exec('begin immediate');
          other.exec('rollback');
        } catch (err) {
          refused = err;
        }
      });
      expect(refused).toMatchObject({ code: 'SQLITE_BUSY' });
      // Once committed, the lock is free again.
      other.exec('begin immediate');
      other.exec('rollback');
    } finally {
      other.close();
    }
  });
});

describe('migrations (nothing half-done after a crash)', () => {
  it('a migration that fails half-way leaves no trace, so the next start runs it whole', async () => {
    const schema = db.location.schema;
    const migrator = new Migrator({
      db: db.kysely,
      migrationTableName: 'probe_migrations',
      migrationLockTableName: 'probe_migrations_lock',
      ...(schema ? { migrationTableSchema: schema } : {}),
      provider: {
        getMigrations: async () => ({
          '9000-half-done': {
            up: async (k: Kysely<unknown>) => {
              await k.schema.createTable('half_done').addColumn('id', 'text').execute();
              // The process dies (or the next statement fails) before the migration ends.
              throw new Error('killed mid-migration');
            },
          },
        }),
      },
    });
    const { error } = await migrator.migrateToLatest();
    expect(String(error)).toContain('killed mid-migration');
    const tables = (await db.kysely.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('half_done');
    const applied = await sql<{ n: number }>`select count(*) as n from ${sql.table('probe_migrations')}`.execute(
      db.kysely,
    );
    expect(Number(applied.rows[0]!.n)).toBe(0);
  });
});
