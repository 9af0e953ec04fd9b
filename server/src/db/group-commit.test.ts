import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { testDialect } from '../testing/test-db.js';
import { insertTicket } from '../tickets/tickets.repository.js';

let t: TestContext;
let other: SQLite.Database;
let typeId: string;
let requesterId: string;

beforeAll(async () => {
  t = await createTestContext();
  typeId = await t.world.ticketType('incident');
  requesterId = await t.world.user();
  // Another connection on the same file sees committed rows only.
  if (t.db.sqlite) other = new SQLite(t.db.sqlite.name, { readonly: true });
});
afterAll(async () => {
  other?.close();
  await t.close();
});

/** Which of these titles another connection sees committed. */
const committed = (titles: string[]) =>
  titles.map(
    (title) => (other.prepare('select count(*) as n from tickets where title = ?').get(title) as { n: number }).n === 1,
  );

const create = (title: string, projectId: string | null = null) =>
  t.k.transaction().execute((trx) =>
    insertTicket(trx, {
      kind: 'ticket',
      typeId,
      projectId,
      title,
      description: 'x',
      priority: 'medium',
      requesterId,
      organizationId: null,
      private: false,
      custom: {},
      followerIds: [],
      actorId: requesterId,
      now: new Date().toISOString(),
    }),
  );

describe.skipIf(testDialect !== 'sqlite')('SQLite group commit', () => {
  it('concurrent creates where one fails keep the others; each is acknowledged only after the shared commit', async () => {
    const titles = ['gc 1', 'gc 2', 'gc bad', 'gc 4', 'gc 5'];
    const seenAtAck = new Map<string, boolean[]>();
    const outcomes = await Promise.allSettled(
      titles.map((title) =>
        // A project that does not exist: the ticket's foreign key fails after its counter and row went in.
        create(title, title === 'gc bad' ? 'no-such-project' : null).then(() => {
          seenAtAck.set(title, committed(titles));
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    const survivors = [true, true, false, true, true];
    expect(committed(titles)).toEqual(survivors);
    // Every acknowledgement came after one COMMIT that carried all four (with one commit each,
    // the first would be acknowledged before the second had even begun).
    for (const title of ['gc 1', 'gc 2', 'gc 4', 'gc 5']) expect(seenAtAck.get(title)).toEqual(survivors);
    // The failed one left nothing behind: no event, no outbox row, no number used up.
    const numbers = await t.k
      .selectFrom('tickets')
      .select('number')
      .where('title', 'in', titles)
      .orderBy('number')
      .execute();
    expect(numbers.map((n) => Number(n.number))).toEqual([0, 1, 2, 3].map((i) => Number(numbers[0]!.number) + i));
  });

  it('creates that each read first (as an API create reads its session and portal) still share one commit', async () => {
    const titles = ['gc reads 1', 'gc reads 2', 'gc reads 3', 'gc reads 4'];
    const seenAtAck = new Map<string, boolean[]>();
    await Promise.all(
      titles.map(async (title, i) => {
        // The others' reads arrive while the first create is in its transaction.
        if (i > 0) await t.k.selectFrom('tickets').select('id').where('title', '=', title).execute();
        await create(title);
        seenAtAck.set(title, committed(titles));
      }),
    );
    // With each read committing the open batch first, the first create was acknowledged alone.
    for (const title of titles) expect(seenAtAck.get(title)).toEqual([true, true, true, true]);
  });

  it('a plain read does not wait for an open transaction, and sees committed rows only', async () => {
    let finish: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (finish = resolve));
    let inserted: () => void = () => undefined;
    const hasInserted = new Promise<void>((resolve) => (inserted = resolve));
    const writer = t.k.transaction().execute(async (trx) => {
      await insertTicket(trx, {
        kind: 'ticket',
        typeId,
        projectId: null,
        title: 'gc held',
        description: 'x',
        priority: 'medium',
        requesterId,
        organizationId: null,
        private: false,
        custom: {},
        followerIds: [],
        actorId: requesterId,
        now: new Date().toISOString(),
      });
      inserted();
      await holding;
    });
    await hasInserted;
    const readHeld = () => t.k.selectFrom('tickets').select('title').where('title', '=', 'gc held').execute();
    // Answers while the transaction still holds the writing connection, without its row.
    expect(await readHeld()).toEqual([]);
    finish();
    await writer;
    expect(await readHeld()).toEqual([{ title: 'gc held' }]);
  });
});

describe('concurrent creates through the API', () => {
  it('all answer 201 with distinct numbers', async () => {
    const portal = await t.world.portal('gc', [typeId]);
    const tokens = await Promise.all(Array.from({ length: 8 }, async () => t.signIn(await t.world.user(), portal.id)));
    const answers = await Promise.all(
      tokens.map((token, i) =>
        t.request('POST', '/api/v1/portals/gc/tickets', {
          token,
          body: { typeId, title: `api ${i}`, description: 'x' },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(tokens.map(() => 201));
    const numbers = new Set(answers.map((a) => (a.json as { number: number }).number));
    expect(numbers.size).toBe(tokens.length);
  });
});
