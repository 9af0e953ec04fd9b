import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, testDialect } from '../testing/test-db.js';

let db: Awaited<ReturnType<typeof openTestDb>>;

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.dispose();
});

describe.skipIf(testDialect !== 'postgres')('PostgreSQL named statements', () => {
  it("prepares each of Kysely's queries once per connection, under a name derived from its text", async () => {
    const prepared = await db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 3; i += 1) {
        await trx.selectFrom('organizations').select('id').where('name', '=', `org ${i}`).execute();
      }
      const { rows } = await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements`.execute(trx);
      return rows;
    });
    const list = prepared.filter((p) => /from "organizations"/.test(p.statement));
    // One statement for three runs with different values, named by the text's hash.
    expect(list).toHaveLength(1);
    expect(list[0]!.name).toMatch(/^tp_[0-9a-f]{24}$/);
  });
});
