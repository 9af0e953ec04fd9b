import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSession } from '../auth/sessions.js';
import { connectDb } from '../db/connect.js';
import { insertMessage } from '../tickets/tickets.repository.js';
import { testDialect } from '../testing/test-db.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { postgresCommitSignal } from './commit-signal.js';
import { createEventHub, type TicketChange } from './event-hub.js';

let t: TestContext;
let typeId: string;

beforeAll(async () => {
  t = await createTestContext();
  typeId = await t.world.ticketType('incident');
});
afterAll(() => t.close());

/** A subscriber on a fresh portal whose customer owns one ticket; `seen` fills as changes arrive. */
async function subscriberOn(slug: string) {
  const portal = await t.world.portal(slug, [typeId]);
  const customer = await t.world.user();
  const ticket = await t.world.ticket({ typeId, requesterId: customer });
  const viewer = await resolveSession(t.k, t.deps.secret, t.clock, await t.signIn(customer, portal.id));
  if (!viewer) throw new Error('no viewer');
  const seen: { change: TicketChange; at: number }[] = [];
  let arrived: () => void = () => {};
  const subscriber = {
    viewer,
    portal,
    send: (change: TicketChange) => {
      seen.push({ change, at: performance.now() });
      arrived();
    },
    end: () => {},
  };
  const next = (ms: number) =>
    new Promise<boolean>((done) => {
      arrived = () => done(true);
      setTimeout(() => done(false), ms).unref();
    });
  return { subscriber, ticket, customer, seen, next };
}

describe(`live updates are told of commits (${testDialect})`, () => {
  it('a committed event reaches a subscriber at once, with no timed poll to wait for', async () => {
    // A timed poll once a minute: only the commit signal can deliver within the test.
    const hub = createEventHub(t.k, t.clock, { pollMs: 60_000, commits: t.db.commits });
    const { subscriber, ticket, customer, seen, next } = await subscriberOn('signal');
    t.clock.advance(60_000);
    const stop = hub.subscribe(subscriber);
    try {
      // The first subscriber opens the PostgreSQL LISTEN connection; give it a moment.
      await new Promise((r) => setTimeout(r, 300));
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const arriving = next(2000);
        const committedAt = await t.k.transaction().execute(async (trx) => {
          await insertMessage(trx, {
            ticketId: ticket.id,
            authorId: customer,
            body: `reply ${i}`,
            internal: false,
            now: t.clock.now().toISOString(),
          });
          return () => performance.now();
        });
        const at = committedAt();
        expect(await arriving).toBe(true);
        latencies.push(seen.at(-1)!.at - at);
      }
      console.log(
        `commit → subscriber (${testDialect}, one process): ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`,
      );
      expect(seen.map((s) => s.change.ticketId)).toEqual(Array(5).fill(ticket.id));
      expect(Math.max(...latencies)).toBeLessThan(1000);
    } finally {
      stop();
    }
  });

  it('an event committed together with another transaction arrives, told after the shared commit', async () => {
    const hub = createEventHub(t.k, t.clock, { pollMs: 60_000, commits: t.db.commits });
    const { subscriber, ticket, customer, seen, next } = await subscriberOn('together');
    t.clock.advance(60_000);
    const stop = hub.subscribe(subscriber);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const arriving = next(2000);
      // Started together, the second waits its turn; on SQLite both commit in one batch after it,
      // and the second writes no ticket event, so no later signal makes up for an early one.
      await Promise.all([
        t.k.transaction().execute((trx) =>
          insertMessage(trx, {
            ticketId: ticket.id,
            authorId: customer,
            body: 'together',
            internal: false,
            now: t.clock.now().toISOString(),
          }),
        ),
        t.k.transaction().execute((trx) => trx.insertInto('counters').values({ name: 'together', value: 1 }).execute()),
      ]);
      expect(await arriving).toBe(true);
      expect(seen).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('a rolled-back event is never sent', async () => {
    const hub = createEventHub(t.k, t.clock, { pollMs: 60_000, commits: t.db.commits });
    const { subscriber, ticket, customer, seen, next } = await subscriberOn('rollback');
    t.clock.advance(60_000);
    const stop = hub.subscribe(subscriber);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const arriving = next(1000);
      await t.k
        .transaction()
        .execute(async (trx) => {
          await insertMessage(trx, {
            ticketId: ticket.id,
            authorId: customer,
            body: 'never',
            internal: false,
            now: t.clock.now().toISOString(),
          });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(await arriving).toBe(false);
      expect(seen).toEqual([]);
    } finally {
      stop();
    }
  });

  it('after a burst of more events than one poll reads, the next event still arrives', async () => {
    const hub = createEventHub(t.k, t.clock, { pollMs: 60_000 });
    const { subscriber, ticket, customer, seen } = await subscriberOn('burst');
    t.clock.advance(60_000);
    const stop = hub.subscribe(subscriber);
    try {
      // 1,200 events in one instant, within the look-back window: more than a page.
      const at = t.clock.now().toISOString();
      const burst = Array.from({ length: 1200 }, (_, i) => ({
        id: `burst-${String(i).padStart(5, '0')}`,
        ticket_id: ticket.id,
        actor_id: customer,
        type: 'field_changed',
        data: '{}',
        internal: 0 as const,
        created_at: at,
      }));
      for (let i = 0; i < burst.length; i += 300)
        await t.k
          .insertInto('ticket_events')
          .values(burst.slice(i, i + 300))
          .execute();
      await hub.poll();
      expect(seen).toHaveLength(1200);
      t.clock.advance(1000);
      await insertMessage(t.k, {
        ticketId: ticket.id,
        authorId: customer,
        body: 'after the burst',
        internal: false,
        now: t.clock.now().toISOString(),
      });
      await hub.poll();
      expect(seen).toHaveLength(1201);
      expect(seen.at(-1)!.change.type).toBe('message');
    } finally {
      stop();
    }
  });
});

if (testDialect === 'postgres') {
  describe('PostgreSQL LISTEN connection', () => {
    it('hears commits made through another connection pool, and after losing its connection reconnects and hears them again', async () => {
      const url = process.env.TEST_DATABASE_URL!;
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.k)).rows[0]!.s;
      // Named, so that only this connection is cut below (other files' tests run alongside).
      const name = `tp_listen_${schema}`;
      const listenUrl = new URL(url);
      listenUrl.searchParams.set('application_name', name);
      const signal = postgresCommitSignal(listenUrl.toString(), schema, { retryMs: 100, log: () => {} });
      const other = await connectDb(url, { schema });
      let told = 0;
      const stop = signal.watch(() => told++);
      const waitFor = async (what: () => boolean, ms = 3000) => {
        const until = Date.now() + ms;
        while (!what() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        return what();
      };
      try {
        expect(await waitFor(() => signal.crossProcess)).toBe(true);
        const { ticket, customer } = await subscriberOn('listen');
        const before = told;
        await insertMessage(other.kysely, {
          ticketId: ticket.id,
          authorId: customer,
          body: 'from elsewhere',
          internal: false,
          now: new Date().toISOString(),
        });
        expect(await waitFor(() => told > before)).toBe(true);

        // The server ends our LISTEN session: the signal notices, reconnects, and is told again.
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name}`.execute(
          other.kysely,
        );
        expect(await waitFor(() => !signal.crossProcess, 2000)).toBe(true);
        expect(await waitFor(() => signal.crossProcess)).toBe(true);
        const again = told;
        await insertMessage(other.kysely, {
          ticketId: ticket.id,
          authorId: customer,
          body: 'after the drop',
          internal: false,
          now: new Date().toISOString(),
        });
        expect(await waitFor(() => told > again)).toBe(true);
      } finally {
        stop();
        await signal.close();
        await other.close();
      }
    });
  });
}
