import SQLite from 'better-sqlite3';
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
