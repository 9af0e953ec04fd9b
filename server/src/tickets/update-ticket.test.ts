import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';

/*
 * One ticket update for the customer's PATCH, close and reopen and the
 * console's PATCH: the same change records the same events and emails the
 * same people, whichever side made it (PRODUCT.md "Notifications": the other
 * side and every follower, never the author).
 */

const t = useTestContext(async (t) => {
  const typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId], {
    detailProperties: [
      { property: 'status', editable: false },
      { property: 'priority', editable: true },
      { property: 'due_date', editable: true },
    ],
  });
  const org = await t.world.organization('Acme');
  const requester = await t.world.user({ organizationId: org });
  const follower = await t.world.user({ organizationId: org });
  const agent = await t.world.user({ role: 'agent' });
  const requesterToken = await t.signIn(requester);
  const agentToken = await t.signIn(agent);
  return { typeId, requester, follower, agent, requesterToken, agentToken };
});

async function newTicket() {
  const ticket = await t.world.ticket({
    typeId: t.typeId,
    requesterId: t.requester,
    assigneeId: t.agent,
    followerIds: [t.follower],
  });
  await t.k.deleteFrom('email_outbox').execute();
  return ticket.id;
}

async function events(ticketId: string) {
  const rows = await t.k
    .selectFrom('ticket_events')
    .select(['type', 'data', 'actor_id'])
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .execute();
  return rows.filter((r) => r.type !== 'created').map((r) => ({ type: r.type, data: JSON.parse(r.data) as unknown }));
}

async function mailedTo(): Promise<string[]> {
  const rows = await t.k.selectFrom('email_outbox').select('recipient_user_id').execute();
  return rows.map((r) => r.recipient_user_id ?? '').sort();
}

const customerPatch = (id: string, body: unknown) =>
  t.request('PATCH', `/api/v1/portals/acme/tickets/${id}`, { token: t.requesterToken, body });
const staffPatch = (id: string, body: unknown) =>
  t.request('PATCH', `/api/v1/admin/tickets/${id}`, { token: t.agentToken, body });

describe('the ticket update', () => {
  it('records the same event for the same change from either side, and nothing for no change', async () => {
    const mine = await newTicket();
    const theirs = await newTicket();
    expect((await customerPatch(mine, { priority: 'high', due_date: '2026-05-01' })).status).toBe(200);
    expect((await staffPatch(theirs, { priority: 'high', dueDate: '2026-05-01' })).status).toBe(200);
    const expected = [{ type: 'updated', data: { properties: ['priority', 'due_date'] } }];
    expect(await events(mine)).toEqual(expected);
    expect(await events(theirs)).toEqual(expected);

    const before = await t.k
      .selectFrom('tickets')
      .select('updated_at')
      .where('id', '=', mine)
      .executeTakeFirstOrThrow();
    expect((await customerPatch(mine, { priority: 'high' })).status).toBe(200);
    expect((await staffPatch(mine, { priority: 'high' })).status).toBe(200);
    expect(await events(mine)).toEqual(expected);
    const after = await t.k.selectFrom('tickets').select('updated_at').where('id', '=', mine).executeTakeFirstOrThrow();
    expect(after.updated_at).toBe(before.updated_at);
  });

  it('emails the other side and every follower about a status change, whoever made it', async () => {
    const closedByCustomer = await newTicket();
    expect(
      (await t.request('POST', `/api/v1/portals/acme/tickets/${closedByCustomer}/close`, { token: t.requesterToken }))
        .status,
    ).toBe(200);
    expect(await events(closedByCustomer)).toEqual([{ type: 'status_changed', data: { from: 'open', to: 'closed' } }]);
    expect(await mailedTo()).toEqual([t.agent, t.follower].sort());

    const closedByAgent = await newTicket();
    expect((await staffPatch(closedByAgent, { status: 'closed' })).status).toBe(200);
    expect(await events(closedByAgent)).toEqual([{ type: 'status_changed', data: { from: 'open', to: 'closed' } }]);
    expect(await mailedTo()).toEqual([t.requester, t.follower].sort());

    const reopened = await t.request('POST', `/api/v1/portals/acme/tickets/${closedByAgent}/reopen`, {
      token: t.requesterToken,
    });
    expect(reopened.status).toBe(200);
    expect(reopened.json.status).toBe('open');
    expect(reopened.json.closedAt).toBeNull();
  });

  it('holds each side to what it allows', async () => {
    const id = await newTicket();
    expect((await customerPatch(id, { status: 'closed' })).json.error.field).toBe('status');
    const unknownCustom = await staffPatch(id, { custom: { nope: 1 } });
    expect(unknownCustom.status).toBe(400);
    expect(unknownCustom.json.error.field).toBe('custom.nope');
    expect((await staffPatch(id, { status: 'waiting' })).status).toBe(200);
    expect(await events(id)).toEqual([{ type: 'status_changed', data: { from: 'open', to: 'waiting' } }]);
  });
});
