import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let agent: string;
let agentId: string;
let incident: string;
let task: string;
let org: string;
let alice: string;
let bob: string;
let customerToken: string;

beforeAll(async () => {
  t = await createTestContext();
  agentId = await t.world.user({ role: 'agent', name: 'Agent Smith', email: 'smith@support.test' });
  agent = await t.signIn(agentId);
  incident = await t.world.ticketType('incident', 'Incident');
  task = await t.world.ticketType('task', 'Task');
  org = await t.world.organization('Acme');
  alice = await t.world.user({ organizationId: org, name: 'Alice', email: 'alice@acme.test' });
  bob = await t.world.user({ name: 'Bob', email: 'bob@example.test' });
  const portal = await t.world.portal('acme', [incident, task]);
  customerToken = await t.signIn(alice, portal.id);
  await t.k
    .insertInto('custom_fields')
    .values([
      {
        id: 'f-sev',
        key: 'severity',
        label: 'Severity',
        type: 'select',
        options: JSON.stringify(['minor', 'major']),
        type_ids: JSON.stringify([incident]),
        required: 1,
        position: 0,
        created_at: '2026-01-01T00:00:00.000Z',
      },
      {
        id: 'f-note',
        key: 'note',
        label: 'Note',
        type: 'text',
        options: null,
        type_ids: null,
        required: 0,
        position: 1,
        created_at: '2026-01-01T00:00:00.000Z',
      },
    ])
    .execute();
});
afterAll(() => t.close());

const api = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1/admin/tickets${path}`, { token: agent, body });
const events = (ticketId: string) =>
  t.k
    .selectFrom('ticket_events')
    .select(['type', 'data', 'actor_id', 'internal'])
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .execute();

describe('admin tickets: create', () => {
  it('opens a ticket on behalf of a requester, with assignee, followers and custom values', async () => {
    const res = await api('POST', '', {
      requesterId: alice,
      typeId: incident,
      title: 'Server down',
      description: 'Since 9am',
      priority: 'high',
      assigneeId: agentId,
      private: true,
      custom: { severity: 'major', note: 'call back' },
      followerIds: [bob],
      dueDate: '2026-02-01',
      percentComplete: 10,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      kind: 'ticket',
      title: 'Server down',
      status: 'open',
      priority: 'high',
      private: true,
      requester: { id: alice, name: 'Alice', email: 'alice@acme.test' },
      organization: { id: org, name: 'Acme' },
      assignee: { id: agentId, name: 'Agent Smith' },
      custom: { severity: 'major', note: 'call back' },
      dueDate: '2026-02-01',
      percentComplete: 10,
      messages: [],
    });
    expect(res.json.followers.map((f: { id: string }) => f.id).sort()).toEqual([alice, bob].sort());
    const history = await events(res.json.id);
    expect(history.map((e) => e.type)).toEqual(['created']);
    expect(history[0]?.actor_id).toBe(agentId);
  });

  it('validates references, assignee role and custom values by field', async () => {
    const base = { requesterId: alice, typeId: incident, title: 'X', custom: { severity: 'minor' } };
    for (const [patch, field] of [
      [{ requesterId: 'nope' }, 'requesterId'],
      [{ typeId: 'nope' }, 'typeId'],
      [{ projectId: 'nope' }, 'projectId'],
      [{ assigneeId: bob }, 'assigneeId'],
      [{ followerIds: [bob, 'nope'] }, 'followerIds.1'],
      [{ custom: {} }, 'custom.severity'],
      [{ custom: { severity: 'huge' } }, 'custom.severity'],
      [{ custom: { severity: 'minor', color: 'red' } }, 'custom.color'],
      [{ title: '' }, 'title'],
      [{ priority: 'whenever' }, 'priority'],
      [{ status: 'closed' }, 'status'],
      [{ dueDate: 'tomorrow' }, 'dueDate'],
    ] as [Record<string, unknown>, string][]) {
      const res = await api('POST', '', { ...base, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
    const count = await t.k
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('creates a task of another type without the incident-only required field', async () => {
    const res = await api('POST', '', { requesterId: bob, kind: 'task', typeId: task, title: 'Rotate keys' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'task', organization: null, type: { key: 'task' } });
  });
});

describe('admin tickets: list and detail', () => {
  it('lists every ticket, filters, searches and sorts', async () => {
    const seeded = await Promise.all([
      t.world.ticket({
        typeId: incident,
        requesterId: bob,
        title: 'Low one',
        priority: 'low',
        custom: { severity: 'minor' },
      }),
      t.world.ticket({
        typeId: incident,
        requesterId: alice,
        title: '100% broken_thing',
        priority: 'urgent',
        private: true,
        custom: { severity: 'minor' },
      }),
    ]);
    const all = await api('GET', '');
    expect(all.status).toBe(200);
    expect(all.json.items).toHaveLength(4);
    expect(all.json.items[0]).toHaveProperty('requester.email');

    const ids = async (query: string) =>
      (await api('GET', `?${query}`)).json.items.map((i: { title: string }) => i.title);
    expect(await ids('kind=task')).toEqual(['Rotate keys']);
    expect(await ids(`requesterId=${bob}&kind=ticket`)).toEqual(['Low one']);
    expect(await ids(`organizationId=${org}&sort=created&order=asc`)).toEqual(['Server down', '100% broken_thing']);
    expect(await ids(`assigneeId=${agentId}`)).toEqual(['Server down']);
    expect((await ids('assigneeId=none')).sort()).toEqual(['100% broken_thing', 'Low one', 'Rotate keys']);
    expect(await ids('priority=urgent')).toEqual(['100% broken_thing']);
    expect(await ids(`typeId=${task}`)).toEqual(['Rotate keys']);
    expect(await ids('q=100%25')).toEqual(['100% broken_thing']);
    expect(await ids('q=_thing')).toEqual(['100% broken_thing']);
    expect(await ids('q=%25')).toEqual(['100% broken_thing']);
    expect(await ids(`q=%23${seeded[0].number}`)).toEqual(['Low one']);
    expect(await ids("q=' or 1=1 --")).toEqual([]);
    expect(await ids('sort=priority&order=desc&kind=ticket')).toEqual(['100% broken_thing', 'Server down', 'Low one']);

    for (const [query, field] of [
      ['status=gone', 'status'],
      ['sort=title', 'sort'],
      ['limit=0', 'limit'],
      ['cursor=abc', 'cursor'],
      ['colour=red', 'colour'],
    ]) {
      const res = await api('GET', `?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });

  it('pages through every sort without gaps or repeats', async () => {
    for (const sort of ['created', 'updated', 'priority', 'status']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { status: number; json: { items: { id: string }[]; nextCursor: string | null } } = await api(
            'GET',
            `?sort=${sort}&order=${order}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.status).toBe(200);
          seen.push(...res.json.items.map((i) => i.id));
          cursor = res.json.nextCursor;
        } while (cursor);
        expect(new Set(seen).size, `${sort} ${order}`).toBe(4);
        expect(seen).toHaveLength(4);
      }
    }
  });

  it('shows the whole conversation with internal notes, and 404 for an unknown id', async () => {
    const ticket = (await api('GET', '?q=Server')).json.items[0];
    const reply = await api('POST', `/${ticket.id}/messages`, { body: 'We are on it.' });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({ body: 'We are on it.', internal: false, author: { id: agentId, staff: true } });
    const note = await api('POST', `/${ticket.id}/messages`, { body: 'Customer is grumpy.', internal: true });
    expect(note.status).toBe(201);
    expect(note.json.internal).toBe(true);

    const detail = await api('GET', `/${ticket.id}`);
    expect(detail.json.messages.map((m: { body: string; internal: boolean }) => [m.body, m.internal])).toEqual([
      ['We are on it.', false],
      ['Customer is grumpy.', true],
    ]);
    const history = await events(ticket.id);
    expect(history.map((e) => [e.type, e.internal])).toEqual([
      ['created', 0],
      ['message', 0],
      ['internal_note', 1],
    ]);

    // The customer sees the reply but never the note.
    const seen = await t.request('GET', `/api/v1/portals/acme/tickets/${ticket.id}/messages`, { token: customerToken });
    expect(seen.json.items.map((m: { body: string }) => m.body)).toEqual(['We are on it.']);

    expect((await api('GET', '/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await api('POST', '/00000000-0000-0000-0000-000000000000/messages', { body: 'x' })).status).toBe(404);
    const empty = await api('POST', `/${ticket.id}/messages`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.json.error.field).toBe('body');
  });
});

describe('admin tickets: patch', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await api('POST', '', { requesterId: alice, typeId: incident, title: 'Patch me', custom: { severity: 'minor' } })
    ).json.id;
  });

  it('changes status through setStatus and other fields as one updated event', async () => {
    const res = await api('PATCH', `/${id}`, {
      status: 'in_progress',
      priority: 'urgent',
      assigneeId: agentId,
      title: 'Patched',
      percentComplete: 50,
      dueDate: '2026-03-01',
      custom: { severity: 'major' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'in_progress',
      priority: 'urgent',
      assignee: { id: agentId },
      title: 'Patched',
      percentComplete: 50,
      dueDate: '2026-03-01',
      custom: { severity: 'major' },
      closedAt: null,
    });
    const history = (await events(id)).slice(1);
    expect(history.map((e) => e.type)).toEqual(['status_changed', 'updated']);
    expect(JSON.parse(history[0]!.data)).toEqual({ from: 'open', to: 'in_progress' });
    expect(JSON.parse(history[1]!.data).properties.sort()).toEqual(
      ['assignee', 'custom:severity', 'due_date', 'percent_complete', 'priority', 'title'].sort(),
    );
    expect(history.every((e) => e.actor_id === agentId)).toBe(true);
  });

  it('records nothing when nothing changes, and closes with closed_at', async () => {
    const before = (await events(id)).length;
    expect((await api('PATCH', `/${id}`, { priority: 'urgent', title: 'Patched' })).status).toBe(200);
    expect((await events(id)).length).toBe(before);
    const closed = await api('PATCH', `/${id}`, { status: 'closed' });
    expect(closed.json.closedAt).toEqual(expect.any(String));
    const reopened = await api('PATCH', `/${id}`, { status: 'open' });
    expect(reopened.json.closedAt).toBeNull();
    expect((await events(id)).slice(before).map((e) => e.type)).toEqual(['status_changed', 'status_changed']);
  });

  it('moves the ticket with its requester and can make it private or change type', async () => {
    const res = await api('PATCH', `/${id}`, {
      requesterId: bob,
      private: true,
      typeId: task,
      kind: 'task',
      projectId: null,
      assigneeId: null,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      requester: { id: bob },
      organization: null,
      private: true,
      type: { id: task },
      kind: 'task',
      assignee: null,
    });
    expect(res.json.followers.map((f: { id: string }) => f.id)).toContain(bob);
    const last = (await events(id)).at(-1)!;
    expect(JSON.parse(last.data).properties.sort()).toEqual(
      ['assignee', 'kind', 'organization', 'private', 'requester', 'type'].sort(),
    );
  });

  it('refuses bad changes by field and changes nothing', async () => {
    const before = await t.k.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const eventCount = (await events(id)).length;
    for (const [body, field] of [
      [{}, 'body'],
      [{ assigneeId: alice }, 'assigneeId'],
      [{ assigneeId: 'nope' }, 'assigneeId'],
      [{ requesterId: 'nope' }, 'requesterId'],
      [{ typeId: 'nope' }, 'typeId'],
      [{ projectId: 'nope' }, 'projectId'],
      [{ status: 'gone' }, 'status'],
      [{ percentComplete: 101 }, 'percentComplete'],
      [{ custom: { severity: 'major' } }, 'custom.severity'],
      [{ custom: { note: 5 } }, 'custom.note'],
      [{ number: 7 }, 'number'],
    ] as [unknown, string][]) {
      const res = await api('PATCH', `/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
    const after = await t.k.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect((await events(id)).length).toBe(eventCount);
    expect((await api('PATCH', '/00000000-0000-0000-0000-000000000000', { title: 'x' })).status).toBe(404);
  });

  it('asks for the required fields of a new type', async () => {
    const plain = await t.world.ticket({ typeId: task, requesterId: bob, title: 'No severity' });
    const res = await api('PATCH', `/${plain.id}`, { title: 'Now an incident', typeId: incident });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('custom.severity');
    const ok = await api('PATCH', `/${plain.id}`, { typeId: incident, custom: { severity: 'minor' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ title: 'No severity', type: { id: incident }, custom: { severity: 'minor' } });
  });
});
