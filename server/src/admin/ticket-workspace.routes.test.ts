import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESENCE_TTL_MS } from './presence.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let smith: string;
let smithId: string;
let jones: string;
let jonesId: string;
let alice: string;
let bob: string;
let org: string;
let incident: string;
let customerToken: string;

beforeAll(async () => {
  t = await createTestContext();
  smithId = await t.world.user({ role: 'agent', name: 'Agent Smith', email: 'smith@support.test' });
  smith = await t.signIn(smithId);
  jonesId = await t.world.user({ role: 'admin', name: 'Ada Jones', email: 'jones@support.test' });
  jones = await t.signIn(jonesId);
  incident = await t.world.ticketType('incident', 'Incident');
  org = await t.world.organization('Acme', 'acme.test');
  alice = await t.world.user({ organizationId: org, name: 'Alice', email: 'alice@acme.test' });
  bob = await t.world.user({ name: 'Bob', email: 'bob@example.test' });
  const portal = await t.world.portal('acme', [incident]);
  customerToken = await t.signIn(alice, portal.id);
});
afterAll(() => t.close());

const api = (method: string, path: string, body?: unknown, token = smith) =>
  t.request(method, `/api/v1/admin/tickets${path}`, { token, body });
const eventTypes = async (ticketId: string) =>
  (
    await t.k
      .selectFrom('ticket_events')
      .select('type')
      .where('ticket_id', '=', ticketId)
      .orderBy('created_at')
      .execute()
  ).map((e) => e.type);
const newTicket = (title = 'Printer on fire') => t.world.ticket({ typeId: incident, requesterId: alice, title });

describe('followers', () => {
  it('lists, adds (with a share email) and removes followers, recording each change', async () => {
    const ticket = await newTicket();
    const list = await api('GET', `/${ticket.id}/followers`);
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([{ id: alice, name: 'Alice', email: 'alice@acme.test', role: 'customer' }]);

    const added = await api('POST', `/${ticket.id}/followers`, { userId: jonesId });
    expect(added.status).toBe(200);
    expect(added.json.items.map((f: { id: string; role: string }) => [f.id, f.role])).toEqual([
      [alice, 'customer'],
      [jonesId, 'admin'],
    ]);
    // Twice: nothing new, no second event.
    expect((await api('POST', `/${ticket.id}/followers`, { userId: jonesId })).json.items).toHaveLength(2);
    const shares = await t.k
      .selectFrom('email_outbox')
      .select(['to_address', 'payload'])
      .where('payload', 'like', `%${ticket.id}%shared%`)
      .execute();
    expect(shares.map((s) => s.to_address)).toEqual(['jones@support.test']);

    const removed = await api('DELETE', `/${ticket.id}/followers/${jonesId}`);
    expect(removed.status).toBe(200);
    expect(removed.json.items.map((f: { id: string }) => f.id)).toEqual([alice]);
    expect((await api('DELETE', `/${ticket.id}/followers/${jonesId}`)).status).toBe(404);
    expect(await eventTypes(ticket.id)).toEqual(['created', 'follower_added', 'follower_removed']);
  });

  it('refuses an unknown user or ticket, naming the field', async () => {
    const ticket = await newTicket();
    const res = await api('POST', `/${ticket.id}/followers`, { userId: 'nobody' });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('userId');
    expect((await api('POST', `/${ticket.id}/followers`, { userId: bob, email: 'x@y.test' })).json.error.field).toBe(
      'email',
    );
    expect((await api('POST', '/missing/followers', { userId: bob })).status).toBe(404);
    expect((await api('GET', '/missing/followers')).status).toBe(404);
  });
});

describe('time entries', () => {
  it('logs time as the signed-in agent and totals it', async () => {
    const ticket = await newTicket();
    expect((await api('GET', `/${ticket.id}/time-entries`)).json).toEqual({
      items: [],
      nextCursor: null,
      totalMinutes: 0,
    });
    const first = await api('POST', `/${ticket.id}/time-entries`, {
      minutes: 30,
      date: '2026-01-02',
      note: 'Called the customer',
    });
    expect(first.status).toBe(201);
    await api('POST', `/${ticket.id}/time-entries`, { minutes: 15, date: '2026-01-01' }, jones);
    const list = await api('GET', `/${ticket.id}/time-entries`);
    expect(list.json.totalMinutes).toBe(45);
    expect(
      list.json.items.map((e: { minutes: number; date: string; note: string; user: { name: string } }) => [
        e.minutes,
        e.date,
        e.note,
        e.user.name,
      ]),
    ).toEqual([
      [15, '2026-01-01', '', 'Ada Jones'],
      [30, '2026-01-02', 'Called the customer', 'Agent Smith'],
    ]);
    expect(await eventTypes(ticket.id)).toEqual(['created', 'time_logged', 'time_logged']);
  });

  it('refuses bad minutes and dates by field', async () => {
    const ticket = await newTicket();
    for (const [body, field] of [
      [{ minutes: 0, date: '2026-01-01' }, 'minutes'],
      [{ minutes: 2000, date: '2026-01-01' }, 'minutes'],
      [{ minutes: 10, date: 'yesterday' }, 'date'],
      [{ minutes: 10, date: '2026-01-01', user: bob }, 'user'],
    ] as const) {
      const res = await api('POST', `/${ticket.id}/time-entries`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });
});

describe('history', () => {
  it('lists every event with who did it, internal notes included, oldest first', async () => {
    const ticket = await newTicket();
    await api('POST', `/${ticket.id}/messages`, { body: 'Looking', internal: true });
    await api('PATCH', `/${ticket.id}`, { status: 'waiting', priority: 'high' });
    const res = await api('GET', `/${ticket.id}/history`);
    expect(res.status).toBe(200);
    type Row = { type: string; actor: { name: string } | null; internal: boolean; data: unknown };
    const rows = res.json.items.map((e: Row) => [e.type, e.actor?.name, e.internal]);
    expect(rows.slice(0, 2)).toEqual([
      ['created', 'Alice', false],
      ['internal_note', 'Agent Smith', true],
    ]);
    // One PATCH records both events at the same instant: their order between them is not defined.
    expect(rows.slice(2).sort()).toEqual([
      ['status_changed', 'Agent Smith', false],
      ['updated', 'Agent Smith', false],
    ]);
    const byType = (type: string) => res.json.items.find((e: Row) => e.type === type)?.data;
    expect(byType('status_changed')).toEqual({ from: 'open', to: 'waiting' });
    expect(byType('updated')).toEqual({ properties: ['priority'] });
  });
});

describe('customer context', () => {
  it('names the requester, their organization and their other tickets, newest first', async () => {
    const older = await newTicket('Older');
    const current = await newTicket('Current');
    const newer = await newTicket('Newer');
    await t.world.ticket({ typeId: incident, requesterId: bob, title: 'Not hers' });
    const res = await api('GET', `/${current.id}/customer-context`);
    expect(res.status).toBe(200);
    expect(res.json.requester).toMatchObject({ id: alice, name: 'Alice', email: 'alice@acme.test', role: 'customer' });
    expect(res.json.organization).toEqual({ id: org, name: 'Acme', domain: 'acme.test' });
    const titles = res.json.recentTickets.map((r: { title: string }) => r.title);
    expect(titles[0]).toBe('Newer');
    expect(titles).not.toContain('Current');
    expect(titles).not.toContain('Not hers');
    expect(titles.length).toBeLessThanOrEqual(5);
    expect(res.json.recentTickets[0]).toMatchObject({ id: newer.id, number: newer.number, status: 'open' });
    void older;
  });
});

describe('presence', () => {
  it('tells each agent who else has the ticket open and the newest message, and forgets those who left or went quiet', async () => {
    const ticket = await newTicket();
    const first = await api('POST', `/${ticket.id}/presence`, {});
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ viewers: [], latestMessage: null, updatedAt: ticket.updated_at });

    const jonesBeat = await api('POST', `/${ticket.id}/presence`, { composing: true }, jones);
    expect(jonesBeat.json.viewers.map((v: { name: string }) => v.name)).toEqual(['Agent Smith']);
    await api('POST', `/${ticket.id}/messages`, { body: 'On it' }, jones);

    const seen = await api('POST', `/${ticket.id}/presence`, {});
    expect(seen.json.viewers).toMatchObject([{ id: jonesId, name: 'Ada Jones', composing: true }]);
    expect(seen.json.latestMessage).toMatchObject({ internal: false, author: { id: jonesId, name: 'Ada Jones' } });
    expect(seen.json.updatedAt > ticket.updated_at).toBe(true);

    expect((await api('DELETE', `/${ticket.id}/presence`, undefined, jones)).status).toBe(204);
    expect((await api('POST', `/${ticket.id}/presence`, {})).json.viewers).toEqual([]);

    await api('POST', `/${ticket.id}/presence`, {}, jones);
    t.clock.advance(PRESENCE_TTL_MS + 1000);
    expect((await api('POST', `/${ticket.id}/presence`, {})).json.viewers).toEqual([]);
  });

  it('is for staff only and checks its body', async () => {
    const ticket = await newTicket();
    expect(
      (await t.request('POST', `/api/v1/admin/tickets/${ticket.id}/presence`, { token: customerToken, body: {} }))
        .status,
    ).toBe(403);
    expect((await t.request('POST', `/api/v1/admin/tickets/${ticket.id}/presence`, { body: {} })).status).toBe(401);
    const bad = await api('POST', `/${ticket.id}/presence`, { composing: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('composing');
    expect((await api('POST', '/missing/presence', {})).status).toBe(404);
  });
});

/** A form as a browser sends it: serialized, with its content-length (the JSON body policy sees the body). */
async function browserForm(form: FormData): Promise<{ body: ArrayBuffer; headers: Record<string, string> }> {
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  const body = await req.arrayBuffer();
  return {
    body,
    headers: { 'content-type': req.headers.get('content-type')!, 'content-length': String(body.byteLength) },
  };
}

describe('attachments', () => {
  it('uploads a file that a reply then carries, and the customer can download it', async () => {
    const ticket = await newTicket();
    const form = new FormData();
    form.append('file', new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    const sent = await browserForm(form);
    const res = await t.app.request(`/api/v1/admin/tickets/${ticket.id}/attachments`, {
      method: 'POST',
      headers: { ...sent.headers, authorization: `Bearer ${smith}` },
      body: sent.body,
    });
    const up = { status: res.status, json: (await res.json()) as { id: string } };
    expect(up.status).toBe(201);
    expect(up.json).toMatchObject({ filename: 'notes.txt', size: 5 });
    const reply = await api('POST', `/${ticket.id}/messages`, { body: 'See the file', attachmentIds: [up.json.id] });
    expect(reply.status).toBe(201);
    expect(reply.json.attachments.map((a: { id: string }) => a.id)).toEqual([up.json.id]);
    const download = await t.app.request(`/api/v1/attachments/${up.json.id}?portal=acme`, {
      headers: { authorization: `Bearer ${customerToken}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('hello');
    expect(await eventTypes(ticket.id)).toEqual(['created', 'attachment_added', 'message']);
  });

  it('refuses a body that is not a form, and a missing ticket', async () => {
    const ticket = await newTicket();
    const res = await api('POST', `/${ticket.id}/attachments`, { file: 'x' });
    expect(res.status).toBe(415);
    const form = new FormData();
    form.append('file', new File(['x'], 'x.txt'));
    expect(
      (await t.request('POST', '/api/v1/admin/tickets/missing/attachments', { token: smith, body: form })).status,
    ).toBe(404);
    // Staff only, like the rest of the admin API.
    expect(
      (await t.request('POST', `/api/v1/admin/tickets/${ticket.id}/attachments`, { token: customerToken, body: form }))
        .status,
    ).toBe(403);
    expect((await t.request('POST', `/api/v1/admin/tickets/${ticket.id}/attachments`, { body: form })).status).toBe(
      401,
    );
  });
});

describe('OpenAPI', () => {
  it('documents the ticket page routes', async () => {
    const doc = await t.request('GET', '/api/v1/openapi.json');
    const paths = Object.keys(doc.json.paths);
    for (const path of [
      'followers',
      'followers/{userId}',
      'time-entries',
      'history',
      'customer-context',
      'presence',
      'attachments',
    ]) {
      expect(paths).toContain(`/api/v1/admin/tickets/{id}/${path}`);
    }
  });
});
