import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, testDialect } from '../testing/test-db.js';

let db: Awaited<ReturnType<typeof openTestDb>>;

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.dispose();
});

describe.skipIf(testDialect !== 'sqlite')('SQLite checkpoints off the request path', () => {
  it('the app connection never checkpoints; a worker copies the WAL into the database file on its own', async () => {
    const sqlite = db.sqlite!;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(sqlite.name).size;
    // About 4 MB of WAL: several times the 1000 pages past which SQLite would checkpoint in a commit.
    const big = 'x'.repeat(4000);
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 1000; i += 1) {
        await trx
          .insertInto('counters')
          .values({ name: `checkpoint ${i} ${big}`, value: i })
          .execute();
      }
    });
    // Nothing was copied in by the commit itself (by default it would have checkpointed)…
    expect(statSync(sqlite.name).size).toBeLessThan(before + 1_000_000);
    // …and the worker has, within a few of its rounds.
    const until = Date.now() + 10_000;
    while (statSync(sqlite.name).size < before + 3_000_000 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statSync(sqlite.name).size).toBeGreaterThan(before + 3_000_000);
  });
});
