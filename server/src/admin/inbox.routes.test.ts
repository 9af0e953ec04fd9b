import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMessage } from '../tickets/tickets.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

// The console inbox's API: views, counts per view, the portal filter, and the staff live stream.
let t: TestContext;
let me: string;
let meId: string;
let otherAgentId: string;
let incident: string;
let question: string;
let org: string;
let alice: string;
let bob: string;
let portalId: string;
let tasksPortalId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  meId = await t.world.user({ role: 'agent', name: 'Me Agent', email: 'me@support.test' });
  me = await t.signIn(meId);
  otherAgentId = await t.world.user({ role: 'agent', name: 'Other Agent', email: 'other@support.test' });
  incident = await t.world.ticketType('incident', 'Incident');
  question = await t.world.ticketType('question', 'Question');
  org = await t.world.organization('Acme');
  alice = await t.world.user({ organizationId: org, name: 'Alice', email: 'alice@acme.test' });
  bob = await t.world.user({ name: 'Bob', email: 'bob@example.test' });
  portalId = (await t.world.portal('questions', [question])).id;
  tasksPortalId = (await t.world.portal('tasks', [incident], { kind: 'task' })).id;

  const make = async (key: string, input: Parameters<typeof t.world.ticket>[0]) => {
    ids[key] = (await t.world.ticket(input)).id;
  };
  await make('unassigned', { typeId: incident, requesterId: alice, title: 'Printer jams' });
  await make('mine', {
    typeId: question,
    requesterId: alice,
    title: 'VPN question',
    assigneeId: meId,
    status: 'in_progress',
  });
  await make('theirs', { typeId: incident, requesterId: bob, title: 'Mail bounce', assigneeId: otherAgentId });
  await make('waiting', {
    typeId: question,
    requesterId: bob,
    title: 'Need your logs',
    assigneeId: meId,
    status: 'waiting',
  });
  await make('resolved', { typeId: incident, requesterId: alice, title: 'Old printer', status: 'resolved' });
  await make('closed', {
    typeId: question,
    requesterId: bob,
    title: 'Closed question',
    status: 'closed',
    assigneeId: meId,
  });
  await make('task', { typeId: incident, requesterId: alice, title: 'Migrate wiki', kind: 'task' });
  // Everything above was changed long ago except the two touched below.
  await t.k.updateTable('tickets').set({ updated_at: '2020-01-01T00:00:00.000Z' }).execute();
  const recent = new Date(t.clock.now().getTime() - 2 * 86_400_000).toISOString();
  await t.k
    .updateTable('tickets')
    .set({ updated_at: recent })
    .where('id', 'in', [ids.unassigned!, ids.closed!])
    .execute();
});
afterAll(() => t.close());

type Item = { id: string; title: string };
const list = async (query: string, token = me) => {
  const res = await t.request<{ items: Item[]; nextCursor: string | null }>('GET', `/api/v1/admin/tickets?${query}`, {
    token,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]).sort();
};

describe('admin inbox: views', () => {
  it('answers each view with its tickets', async () => {
    expect(await list('view=unassigned')).toEqual(['task', 'unassigned']);
    expect(await list('view=mine')).toEqual(['mine', 'waiting']);
    expect(await list('view=open')).toEqual(['mine', 'task', 'theirs', 'unassigned', 'waiting']);
    expect(await list('view=waiting')).toEqual(['waiting']);
    expect(await list('view=updated')).toEqual(['closed', 'unassigned']);
    expect(await list('view=closed')).toEqual(['closed', 'resolved']);
    expect(await list('')).toHaveLength(7);
  });

  it('"mine" is whoever asks', async () => {
    const other = await t.signIn(otherAgentId);
    expect(await list('view=mine', other)).toEqual(['theirs']);
  });

  it('combines a view with filters, search and sort', async () => {
    expect(await list('view=open&organizationId=' + org)).toEqual(['mine', 'task', 'unassigned']);
    expect(await list('view=open&kind=task')).toEqual(['task']);
    expect(await list('view=closed&typeId=' + question)).toEqual(['closed']);
    expect(await list('view=open&q=printer')).toEqual(['unassigned']);
    expect(await list('view=open&assigneeId=none&priority=medium')).toEqual(['task', 'unassigned']);
    const sorted = await t.request<{ items: Item[] }>('GET', '/api/v1/admin/tickets?view=open&sort=updated&order=asc', {
      token: me,
    });
    expect(sorted.json.items.at(-1)?.id).toBe(ids.unassigned);
  });

  it("filters by portal: the portal's kind and visible types", async () => {
    expect(await list(`portalId=${portalId}`)).toEqual(['closed', 'mine', 'waiting']);
    expect(await list(`portalId=${tasksPortalId}`)).toEqual(['task']);
    expect(await list(`view=open&portalId=${portalId}`)).toEqual(['mine', 'waiting']);
  });

  it('pages a view with the list cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { json: { items: Item[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/api/v1/admin/tickets?view=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: me },
      );
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.items.map((i) => i.id));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('names the field of a bad view, portal or cursor (400)', async () => {
    for (const [query, field] of [
      ['view=everything', 'view'],
      ['portalId=nope', 'portalId'],
      ['view=open&cursor=garbage', 'cursor'],
    ]) {
      const res = await t.request<{ error: { field: string } }>('GET', `/api/v1/admin/tickets?${query}`, { token: me });
      expect(res.status, query).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });
});

describe('admin inbox: counts', () => {
  it('counts every view under the same filters', async () => {
    const all = await t.request('GET', '/api/v1/admin/tickets/counts', { token: me });
    expect(all.status).toBe(200);
    expect(all.json).toEqual({ all: 7, unassigned: 2, mine: 2, open: 5, waiting: 1, updated: 2, closed: 2 });
    const acme = await t.request('GET', `/api/v1/admin/tickets/counts?organizationId=${org}`, { token: me });
    expect(acme.json).toEqual({ all: 4, unassigned: 2, mine: 1, open: 3, waiting: 0, updated: 1, closed: 1 });
    const portal = await t.request('GET', `/api/v1/admin/tickets/counts?portalId=${portalId}&q=question`, {
      token: me,
    });
    expect(portal.json).toEqual({ all: 2, unassigned: 0, mine: 1, open: 1, waiting: 0, updated: 1, closed: 1 });
    const none = await t.request('GET', '/api/v1/admin/tickets/counts?q=nothing-matches-this', { token: me });
    expect(none.json).toEqual({ all: 0, unassigned: 0, mine: 0, open: 0, waiting: 0, updated: 0, closed: 0 });
  });

  it('refuses what the list refuses, and customers', async () => {
    const bad = await t.request('GET', '/api/v1/admin/tickets/counts?portalId=nope', { token: me });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('portalId');
    const paged = await t.request('GET', '/api/v1/admin/tickets/counts?cursor=x', { token: me });
    expect(paged.status).toBe(400);
    expect(paged.json.error.field).toBe('cursor');
    const customer = await t.signIn(alice, portalId);
    expect((await t.request('GET', '/api/v1/admin/tickets/counts', { token: customer })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/admin/tickets/counts')).status).toBe(401);
  });

  it('offers the filter menus: portals, types, staff, organizations', async () => {
    const res = await t.request('GET', '/api/v1/admin/tickets/filters', { token: me });
    expect(res.status).toBe(200);
    expect(res.json.portals).toEqual([
      { id: portalId, slug: 'questions', name: 'questions', kind: 'ticket' },
      { id: tasksPortalId, slug: 'tasks', name: 'tasks', kind: 'task' },
    ]);
    expect(res.json.types.map((x: { key: string }) => x.key)).toEqual(['incident', 'question']);
    expect(res.json.staff).toEqual([
      { id: meId, name: 'Me Agent', email: 'me@support.test', role: 'agent' },
      { id: otherAgentId, name: 'Other Agent', email: 'other@support.test', role: 'agent' },
    ]);
    expect(res.json.organizations).toEqual([{ id: org, name: 'Acme' }]);
  });

  it('is described in the OpenAPI document, with the staff stream', async () => {
    const doc = await t.request<{ paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }>(
      'GET',
      '/api/v1/openapi.json',
    );
    expect(doc.json.paths['/api/v1/admin/tickets/counts']?.get).toBeDefined();
    expect(doc.json.paths['/api/v1/admin/events']?.get).toBeDefined();
    expect(doc.json.paths['/api/v1/admin/tickets/filters']?.get).toBeDefined();
    const params = doc.json.paths['/api/v1/admin/tickets']?.get?.parameters?.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['view', 'portalId', 'q', 'sort', 'order', 'cursor']));
  });
});

/** Reads server-sent events until `until` holds or time runs out. */
async function collect(res: Response, until: (events: { event: string; data: string }[]) => boolean, ms = 6000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !until(events)) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data });
    }
  }
  await reader.cancel();
  return events;
}

describe('admin live stream', () => {
  it('streams every ticket change to staff, internal notes included', async () => {
    t.clock.advance(60_000);
    const res = await t.app.request('/api/v1/admin/events', { headers: { authorization: `Bearer ${me}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = collect(res, (events) => events.filter((e) => e.event === 'ticket').length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    const now = () => t.clock.now().toISOString();
    const fresh = await t.world.ticket({ typeId: incident, requesterId: bob, title: 'Brand new' });
    await insertMessage(t.k, {
      ticketId: ids.theirs!,
      authorId: otherAgentId,
      body: 'internal',
      internal: true,
      now: now(),
    });
    await insertMessage(t.k, { ticketId: ids.mine!, authorId: alice, body: 'reply', internal: false, now: now() });
    const events = (await reading)
      .filter((e) => e.event === 'ticket')
      .map((e) => JSON.parse(e.data) as { ticketId: string; type: string });
    expect(events.map((e) => [e.ticketId, e.type])).toEqual([
      [fresh.id, 'created'],
      [ids.theirs, 'internal_note'],
      [ids.mine, 'message'],
    ]);
  });

  it('is for staff sessions only', async () => {
    expect((await t.app.request('/api/v1/admin/events')).status).toBe(401);
    const customer = await t.signIn(alice, portalId);
    expect(
      (await t.app.request('/api/v1/admin/events', { headers: { authorization: `Bearer ${customer}` } })).status,
    ).toBe(403);
    const unbound = await t.signIn(alice);
    expect(
      (await t.app.request('/api/v1/admin/events', { headers: { authorization: `Bearer ${unbound}` } })).status,
    ).toBe(403);
  });
});
