import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectDb, migrateDb, type Db } from '../db/connect.js';

/** Which database this test run uses: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testDialect: 'sqlite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/**
 * A fresh, empty, migrated database for one test file: a temp SQLite file, or
 * a new schema in the PostgreSQL database named by TEST_DATABASE_URL. With
 * `migrateTo`, only the migrations up to that one have run; `upgrade` runs the rest.
 */
export async function openTestDb(
  options: { migrateTo?: string } = {},
): Promise<Db & { dispose(): Promise<void>; upgrade(): Promise<void>; location: { url: string; schema?: string } }> {
  const url = process.env.TEST_DATABASE_URL;
  const target = options.migrateTo ? { migrateTo: options.migrateTo } : {};
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = await connectDb(url, { schema, ...target });
    return {
      ...db,
      upgrade: () => migrateDb(db, { schema }),
      // Where another process finds the same database (connectDb(url, {schema})).
      location: { url, schema },
      dispose: async () => {
        await db.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema ${schema} cascade`);
        await cleanup.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tp-test-'));
  const db = await connectDb(join(dir, 'tickets.db'), target);
  return {
    ...db,
    upgrade: () => migrateDb(db),
    location: { url: join(dir, 'tickets.db') },
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
