// Issue 12: satisfaction on close. A customer who may manage a closed or
// resolved ticket rates it good or bad, with an optional comment, once, where
// the portal asks; agents read the rating in the admin API's ticket detail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Portal } from '../portals/portals.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let asking: Portal;
let silent: Portal;
let type: string;
let alice: string;
let carol: string;
let aliceToken: string;
let carolToken: string;
let silentToken: string;
let agentToken: string;

beforeAll(async () => {
  t = await createTestContext();
  type = await t.world.ticketType('question', 'Question');
  asking = await t.world.portal('asking', [type], { satisfaction: true });
  silent = await t.world.portal('silent', [type]);
  const org = await t.world.organization('Acme', 'acme.example');
  alice = await t.world.user({ organizationId: org, name: 'Alice', email: 'alice@acme.example' });
  // Carol sees Alice's shared tickets through her organization, but neither requested nor follows them.
  carol = await t.world.user({ organizationId: org, name: 'Carol', email: 'carol@acme.example' });
  aliceToken = await t.signIn(alice, asking.id);
  carolToken = await t.signIn(carol, asking.id);
  silentToken = await t.signIn(alice, silent.id);
  agentToken = await t.signIn(await t.world.user({ role: 'agent', name: 'Agent', email: 'agent@support.test' }));
});
afterAll(() => t.close());

async function closedTicket(status: 'closed' | 'resolved' | 'open' = 'closed'): Promise<string> {
  const ticket = await t.world.ticket({ typeId: type, requesterId: alice, title: `Rate me ${Math.random()}` });
  await t.db.kysely.updateTable('tickets').set({ status }).where('id', '=', ticket.id).execute();
  return ticket.id;
}

const rate = (slug: string, id: string, token: string, body: unknown) =>
  t.request('POST', `/api/v1/portals/${slug}/tickets/${id}/rating`, { token, body });

describe('POST /portals/:slug/tickets/:id/rating', () => {
  it('records a good or bad rating with a comment once; the customer and the agents see it', async () => {
    const id = await closedTicket('resolved');
    const before = await t.request('GET', `/api/v1/portals/asking/tickets/${id}`, { token: aliceToken });
    expect(before.json.rating).toBeNull();
    const config = await t.request('GET', '/api/v1/portals/asking');
    expect(config.json.satisfaction).toBe(true);

    const res = await rate('asking', id, aliceToken, { rating: 'bad', comment: '  Took three days.  ' });
    expect(res.status).toBe(201);
    expect(res.json.rating).toEqual({
      rating: 'bad',
      comment: 'Took three days.',
      ratedAt: expect.stringMatching(/^2\d{3}-/),
    });

    const again = await rate('asking', id, aliceToken, { rating: 'good' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('already_rated');

    const staff = await t.request('GET', `/api/v1/admin/tickets/${id}`, { token: agentToken });
    expect(staff.status).toBe(200);
    expect(staff.json.rating).toMatchObject({ rating: 'bad', comment: 'Took three days.' });
    const row = await t.db.kysely.selectFrom('ticket_ratings').selectAll().where('ticket_id', '=', id).execute();
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ rating: 'bad', user_id: alice });
  });

  it('takes a rating without a comment', async () => {
    const id = await closedTicket();
    const res = await rate('asking', id, aliceToken, { rating: 'good' });
    expect(res.status).toBe(201);
    expect(res.json.rating).toMatchObject({ rating: 'good', comment: '' });
  });

  it('refuses while the ticket is open, where the portal does not ask, and from someone who only sees it', async () => {
    const open = await closedTicket('open');
    const notClosed = await rate('asking', open, aliceToken, { rating: 'good' });
    expect(notClosed.status).toBe(409);
    expect(notClosed.json.error.code).toBe('not_closed');

    const id = await closedTicket();
    const off = await rate('silent', id, silentToken, { rating: 'good' });
    expect(off.status).toBe(403);
    expect((await t.request('GET', '/api/v1/portals/silent')).json.satisfaction).toBe(false);

    const seen = await t.request('GET', `/api/v1/portals/asking/tickets/${id}`, { token: carolToken });
    expect(seen.status).toBe(200);
    expect((await rate('asking', id, carolToken, { rating: 'good' })).status).toBe(403);
    expect(
      await t.db.kysely.selectFrom('ticket_ratings').selectAll().where('ticket_id', '=', id).execute(),
    ).toHaveLength(0);
  });

  it('names the field of a bad rating, never a 500', async () => {
    const id = await closedTicket();
    const wrong = await rate('asking', id, aliceToken, { rating: 'meh' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.field).toBe('rating');
    const long = await rate('asking', id, aliceToken, { rating: 'good', comment: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.json.error.field).toBe('comment');
    const extra = await rate('asking', id, aliceToken, { rating: 'good', stars: 5 });
    expect(extra.status).toBe(400);
  });

  it('answers 404 for a ticket the customer cannot see', async () => {
    const bob = await t.world.user({ name: 'Bob', email: 'bob@example.test' });
    const theirs = await t.world.ticket({ typeId: type, requesterId: bob, title: 'Bob only', private: true });
    await t.db.kysely.updateTable('tickets').set({ status: 'closed' }).where('id', '=', theirs.id).execute();
    expect((await rate('asking', theirs.id, aliceToken, { rating: 'good' })).status).toBe(404);
  });
});
