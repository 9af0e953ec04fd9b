import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, testDialect } from '../testing/test-db.js';
import { lastTicketNumber, nextTicketNumber, setLastTicketNumber } from './tickets.repository.js';

let db: Awaited<ReturnType<typeof openTestDb>>;

beforeAll(async () => {
  db = await openTestDb();
});

afterAll(async () => {
  await db.dispose();
});

describe('ticket numbers', () => {
  it('go on from the last number set after a bulk load, one apart', async () => {
    expect(await lastTicketNumber(db.kysely)).toBe(0);
    await setLastTicketNumber(db.kysely, 41);
    expect(await lastTicketNumber(db.kysely)).toBe(41);
    const taken = await db.kysely
      .transaction()
      .execute(async (trx) => [await nextTicketNumber(trx), await nextTicketNumber(trx)]);
    expect(taken).toEqual([42, 43]);
    expect(await lastTicketNumber(db.kysely)).toBe(43);
  });

  it.skipIf(testDialect !== 'postgres')(
    'on PostgreSQL, a create still open does not make the next one wait for its number',
    async () => {
      let releaseFirst!: () => void;
      const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstTook!: () => void;
      const firstHasNumber = new Promise<void>((resolve) => (firstTook = resolve));
      const first = db.kysely.transaction().execute(async (trx) => {
        const n = await nextTicketNumber(trx);
        firstTook();
        await firstHolds;
        return n;
      });
      await firstHasNumber;
      // A counter row would stay locked until the first commits: this one would time out.
      const second = await db.kysely.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '500ms'`.execute(trx);
        return nextTicketNumber(trx);
      });
      releaseFirst();
      expect(second).toBe((await first) + 1);
    },
  );
});
