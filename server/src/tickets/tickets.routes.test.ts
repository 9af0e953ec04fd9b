import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/ids.js';
import type { Portal } from '../portals/portals.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { testDialect } from '../testing/test-db.js';
import { findUsableProject, setStatus } from './tickets.repository.js';

let t: TestContext;
let incident: string;
let question: string;
let portal: Portal;
let org: string;
let alice: string;
let bob: string;
let aliceToken: string;
let bobToken: string;

const base = '/api/v1/portals/acme/tickets';

async function addField(
  key: string,
  type: string,
  extra: { options?: string[]; typeIds?: string[]; required?: boolean } = {},
) {
  await t.k
    .insertInto('custom_fields')
    .values({
      id: newId(),
      key,
      label: key,
      type,
      options: extra.options ? JSON.stringify(extra.options) : null,
      type_ids: extra.typeIds ? JSON.stringify(extra.typeIds) : null,
      required: extra.required ? 1 : 0,
      position: 0,
      created_at: t.clock.now().toISOString(),
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestContext();
  incident = await t.world.ticketType('incident', 'Incident');
  question = await t.world.ticketType('question', 'Question');
  await addField('severity', 'select', { options: ['S1', 'S2', 'S3'], typeIds: [incident] });
  await addField('rating', 'percent');
  await addField('seen_on', 'date');
  await addField('reproducible', 'checkbox');
  await addField('notes', 'long_text');
  await addField('cost', 'number');
  portal = await t.world.portal('acme', [incident, question], {
    timesheets: true,
    detailProperties: [
      { property: 'status', editable: false },
      { property: 'priority', editable: true },
      { property: 'due_date', editable: true },
      { property: 'percent_complete', editable: false },
      { property: 'custom:severity', editable: true },
      { property: 'custom:rating', editable: true },
      { property: 'custom:seen_on', editable: true },
      { property: 'custom:reproducible', editable: true },
      { property: 'custom:cost', editable: true },
      { property: 'custom:notes', editable: false },
    ],
  });
  org = await t.world.organization('Acme', 'acme.example');
  alice = await t.world.user({ organizationId: org, name: 'Alice', email: 'alice@acme.example' });
  bob = await t.world.user({ organizationId: org, name: 'Bob', email: 'bob@acme.example' });
  aliceToken = await t.signIn(alice, portal.id);
  bobToken = await t.signIn(bob, portal.id);
});
afterAll(() => t.close());

async function create(body: Record<string, unknown>, token = aliceToken) {
  return t.request('POST', base, { token, body: { typeId: incident, title: 'Something broke', ...body } });
}

describe('create', () => {
  it('creates a ticket the requester follows, with custom values and shared with the organization', async () => {
    const res = await create({ description: 'It broke', priority: 'high', custom: { severity: 'S2', rating: 40 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      title: 'Something broke',
      status: 'open',
      priority: 'high',
      private: false,
      canManage: true,
    });
    expect(res.json.number).toBeGreaterThan(0);
    const severity = res.json.properties.find((p: { property: string }) => p.property === 'custom:severity');
    expect(severity).toMatchObject({ value: 'S2', editable: true, options: ['S1', 'S2', 'S3'] });
    const followers = await t.request('GET', `${base}/${res.json.id}/followers`, { token: aliceToken });
    expect(followers.json.items).toEqual([expect.objectContaining({ id: alice, requester: true })]);
    // Bob is in the same organization: he sees it.
    expect((await t.request('GET', `${base}/${res.json.id}`, { token: bobToken })).status).toBe(200);
  });

  it('hands out increasing numbers', async () => {
    const a = await create({});
    const b = await create({});
    expect(b.json.number).toBe(a.json.number + 1);
  });

  it('keeps a private ticket from colleagues', async () => {
    const res = await create({ private: true });
    expect(res.json.private).toBe(true);
    expect((await t.request('GET', `${base}/${res.json.id}`, { token: bobToken })).status).toBe(404);
  });

  it('adds followers by email, and they see a private ticket', async () => {
    const carol = await t.world.user({ email: 'carol@else.example' });
    const res = await create({ private: true, followers: ['Carol@Else.example'] });
    expect(res.status).toBe(201);
    const carolToken = await t.signIn(carol, portal.id);
    expect((await t.request('GET', `${base}/${res.json.id}`, { token: carolToken })).status).toBe(200);
  });

  it('creates a customer for an unknown follower email when sign-up is allowed', async () => {
    const res = await create({ followers: ['newbie@acme.example'] });
    expect(res.status).toBe(201);
    const user = await t.k
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'newbie@acme.example')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'customer', organization_id: org });
  });

  it('refuses bad input by field name', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ typeId: 'nope' }, 'typeId'],
      [{ priority: 'critical' }, 'priority'],
      [{ custom: { severity: 'S9' } }, 'custom.severity'],
      [{ custom: { unknown: 1 } }, 'custom.unknown'],
      [{ typeId: question, custom: { severity: 'S1' } }, 'custom.severity'],
      [{ custom: { rating: 101 } }, 'custom.rating'],
      [{ custom: { seen_on: '2026-13-45' } }, 'custom.seen_on'],
      [{ custom: { reproducible: 'yes' } }, 'custom.reproducible'],
      [{ followers: ['not-an-email'] }, 'followers.0'],
      [{ extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field, JSON.stringify(body)).toBe(field);
    }
  });

  it('replays the answer for a repeated Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'abc-123' };
    const first = await t.request('POST', base, {
      token: aliceToken,
      headers,
      body: { typeId: incident, title: 'Once' },
    });
    const second = await t.request('POST', base, {
      token: aliceToken,
      headers,
      body: { typeId: incident, title: 'Once' },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    const other = await t.request('POST', base, {
      token: aliceToken,
      headers,
      body: { typeId: incident, title: 'Twice' },
    });
    expect(other.status).toBe(422);
  });
});

describe('list', () => {
  let fresh: TestContext;
  let tokenA: string;
  let tokenB: string;
  let type1: string;
  let type2: string;
  const path = '/api/v1/portals/list/tickets';

  beforeAll(async () => {
    fresh = await createTestContext();
    type1 = await fresh.world.ticketType('incident');
    type2 = await fresh.world.ticketType('question');
    const p = await fresh.world.portal('list', [type1, type2]);
    const o = await fresh.world.organization();
    const a = await fresh.world.user({ organizationId: o });
    const b = await fresh.world.user({ organizationId: o });
    tokenA = await fresh.signIn(a, p.id);
    tokenB = await fresh.signIn(b, p.id);
    const priorities = ['low', 'urgent', 'medium', 'high'];
    for (let i = 0; i < 8; i++) {
      const ticket = await fresh.world.ticket({
        requesterId: i % 2 === 0 ? a : b,
        typeId: i < 6 ? type1 : type2,
        title: i === 3 ? 'Invoice 100% wrong_total' : `Ticket ${i}`,
        priority: priorities[i % 4]!,
      });
      if (i === 2) await setStatus(fresh.k, ticket, 'closed', true, a, fresh.clock.now().toISOString());
      if (i === 1) await fresh.world.follow(ticket.id, a);
    }
  });
  afterAll(() => fresh.close());

  const titles = async (query: string, token = tokenA) => {
    const res = await fresh.request('GET', `${path}${query}`, { token });
    expect(res.status).toBe(200);
    return res.json.items.map((i: { title: string }) => i.title) as string[];
  };

  it('lists newest first by default', async () => {
    expect(await titles('')).toEqual([
      'Ticket 7',
      'Ticket 6',
      'Ticket 5',
      'Ticket 4',
      'Invoice 100% wrong_total',
      'Ticket 2',
      'Ticket 1',
      'Ticket 0',
    ]);
  });

  it('filters by view', async () => {
    expect(await titles('?view=my_open')).toEqual(['Ticket 6', 'Ticket 4', 'Ticket 0']);
    expect(await titles('?view=my_closed')).toEqual(['Ticket 2']);
    expect(await titles('?view=followed')).toEqual(['Ticket 1']);
    expect(await titles('?view=type:question')).toEqual(['Ticket 7', 'Ticket 6']);
  });

  it('searches number, title and description, with % and _ taken literally', async () => {
    expect(await titles('?q=100%25')).toEqual(['Invoice 100% wrong_total']);
    expect(await titles('?q=wrong_t')).toEqual(['Invoice 100% wrong_total']);
    expect(await titles('?q=ong%25t')).toEqual([]);
    expect(await titles('?q=INVOICE')).toEqual(['Invoice 100% wrong_total']);
    const all = await fresh.request('GET', path, { token: tokenA });
    const number = all.json.items[0].number as number;
    expect(await titles(`?q=%23${number}`)).toEqual(['Ticket 7']);
  });

  it('sorts by priority and status, both ways', async () => {
    const byPriority = await fresh.request('GET', `${path}?sort=priority`, { token: tokenA });
    const ranks = byPriority.json.items.map((i: { priority: string }) =>
      ['low', 'medium', 'high', 'urgent'].indexOf(i.priority),
    );
    expect(ranks).toEqual([...ranks].sort((x: number, y: number) => y - x));
    const asc = await titles('?sort=status&order=asc');
    expect(asc[asc.length - 1]).toBe('Ticket 2');
  });

  it('pages with a cursor without gaps or repeats, for every sort', async () => {
    for (const sort of ['created', 'updated', 'priority', 'status']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await fresh.request('GET', `${path}${query}`, { token: tokenB });
        seen.push(...res.json.items.map((i: { id: string }) => i.id));
        cursor = res.json.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
    }
  });

  it('refuses values off the allow-lists and forged cursors', async () => {
    for (const [query, field] of [
      ['?sort=title', 'sort'],
      ['?view=mine', 'view'],
      ['?order=sideways', 'order'],
      ['?limit=1000', 'limit'],
      ['?cursor=bm9wZQ', 'cursor'],
      ['?bogus=1', 'bogus'],
    ]) {
      const res = await fresh.request('GET', `${path}${query}`, { token: tokenA });
      expect(res.status, query).toBe(400);
      expect(res.json.error.field, query).toBe(field);
    }
  });

  it('needs a session', async () => {
    expect((await fresh.request('GET', path)).status).toBe(401);
    expect((await fresh.request('GET', path, { token: 'garbage' })).status).toBe(401);
  });
});

describe('view counts (issue 12)', () => {
  let fresh: TestContext;
  let tokenA: string;
  let tokenB: string;
  let busyToken: string;
  const path = '/api/v1/portals/counts/tickets';
  const VIEWS = ['all', 'my_open', 'my_closed', 'followed', 'type:incident', 'type:question'];

  beforeAll(async () => {
    fresh = await createTestContext();
    const type1 = await fresh.world.ticketType('incident');
    const type2 = await fresh.world.ticketType('question');
    const hidden = await fresh.world.ticketType('internal');
    const p = await fresh.world.portal('counts', [type1, type2]);
    const o = await fresh.world.organization('Counted');
    const other = await fresh.world.organization('Elsewhere');
    const a = await fresh.world.user({ organizationId: o });
    const b = await fresh.world.user({ organizationId: o });
    const c = await fresh.world.user({ organizationId: other });
    tokenA = await fresh.signIn(a, p.id);
    tokenB = await fresh.signIn(b, p.id);
    const now = () => fresh.clock.now().toISOString();
    for (let i = 0; i < 9; i++) {
      const ticket = await fresh.world.ticket({
        requesterId: i % 3 === 0 ? a : b,
        typeId: i < 5 ? type1 : type2,
        // b's private ones: a does not see them.
        private: i === 4 || i === 8,
      });
      if (i === 3 || i === 6) await setStatus(fresh.k, ticket, 'closed', true, a, now());
    }
    // Another organization's ticket a follows (visible through following), one a does not, one of a hidden type.
    const followed = await fresh.world.ticket({ requesterId: c, typeId: type2 });
    await fresh.world.follow(followed.id, a);
    await fresh.world.ticket({ requesterId: c, typeId: type1 });
    await fresh.world.ticket({ requesterId: a, typeId: hidden });
    // An organization with more tickets than a count shows.
    const busy = await fresh.world.organization('Busy');
    const d = await fresh.world.user({ organizationId: busy });
    busyToken = await fresh.signIn(d, p.id);
    for (let i = 0; i < 101; i++) await fresh.world.ticket({ requesterId: d, typeId: i < 3 ? type2 : type1 });
  });
  afterAll(() => fresh.close());

  async function counts(token: string, views = VIEWS) {
    const res = await fresh.request('GET', `${path}/counts?views=${views.join(',')}`, { token });
    expect(res.status).toBe(200);
    return res.json.counts as { view: string; count: number; more: boolean }[];
  }

  /** Every ticket of a view, page after page, as the widget's list would load them. */
  async function listed(token: string, view: string): Promise<number> {
    let n = 0;
    let cursor: string | null = null;
    do {
      const query: string = `?view=${view}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await fresh.request('GET', `${path}${query}`, { token });
      expect(res.status).toBe(200);
      n += res.json.items.length;
      cursor = res.json.nextCursor;
    } while (cursor);
    return n;
  }

  it("match what each list holds, for each customer (their own, colleagues', private and followed tickets)", async () => {
    for (const token of [tokenA, tokenB]) {
      for (const { view, count, more } of await counts(token)) {
        expect(count, view).toBe(await listed(token, view));
        expect(more, view).toBe(false);
      }
    }
    expect((await counts(tokenA)).map((c) => c.count)).toEqual([8, 1, 2, 1, 4, 4]);
    expect((await counts(tokenB)).map((c) => c.count)).toEqual([9, 6, 0, 0, 5, 4]);
  });

  it('stop at 99 and say there are more, in the order asked', async () => {
    expect(await counts(busyToken, ['type:question', 'all', 'type:incident', 'my_open'])).toEqual([
      { view: 'type:question', count: 3, more: false },
      { view: 'all', count: 99, more: true },
      { view: 'type:incident', count: 98, more: false },
      { view: 'my_open', count: 99, more: true },
    ]);
    expect(await listed(busyToken, 'all')).toBe(101);
  });

  it('refuses a bad view list by field, and needs a session', async () => {
    for (const query of [
      '',
      '?views=',
      '?views=mine',
      '?views=all,,my_open',
      `?views=${Array(21).fill('all').join(',')}`,
    ]) {
      const res = await fresh.request('GET', `${path}/counts${query}`, { token: tokenA });
      expect(res.status, query).toBe(400);
      expect(res.json.error.field, query).toBe('views');
    }
    expect((await fresh.request('GET', `${path}/counts?views=all`)).status).toBe(401);
  });
});

describe('detail and PATCH', () => {
  let ticketId: string;
  beforeAll(async () => {
    ticketId = (await create({ custom: { severity: 'S1', notes: 'internal-ish' } })).json.id;
  });

  it('shows exactly the configured properties, in order', async () => {
    const res = await t.request('GET', `${base}/${ticketId}`, { token: bobToken });
    expect(res.json.properties.map((p: { property: string }) => p.property)).toEqual([
      'status',
      'priority',
      'due_date',
      'percent_complete',
      'custom:severity',
      'custom:rating',
      'custom:seen_on',
      'custom:reproducible',
      'custom:cost',
      'custom:notes',
    ]);
    expect(res.json.properties.find((p: { property: string }) => p.property === 'status').editable).toBe(false);
    expect(res.json).not.toHaveProperty('custom');
    expect(res.json).not.toHaveProperty('organization_id');
  });

  it('edits editable properties of each field type', async () => {
    const edits = {
      priority: 'urgent',
      due_date: '2026-03-01',
      'custom:severity': 'S3',
      'custom:rating': 75,
      'custom:seen_on': '2026-02-02',
      'custom:reproducible': true,
      'custom:cost': 12.5,
    };
    const res = await t.request('PATCH', `${base}/${ticketId}`, { token: bobToken, body: edits });
    expect(res.status).toBe(200);
    const values = Object.fromEntries(
      res.json.properties.map((p: { property: string; value: unknown }) => [p.property, p.value]),
    );
    // What was sent is what is read back; the read-only field keeps its value.
    expect(values).toMatchObject({ ...edits, 'custom:notes': 'internal-ish' });
  });

  it('refuses read-only, unknown and access fields by name, changing nothing', async () => {
    const before = await t.k.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ status: 'closed' }, 403, 'status'],
      [{ percent_complete: 50 }, 403, 'percent_complete'],
      [{ 'custom:notes': 'x' }, 403, 'custom:notes'],
      [{ requester: bob }, 403, 'requester'],
      [{ private: true }, 403, 'private'],
      [{ organization_id: null }, 403, 'organization_id'],
      [{ assignee: alice }, 403, 'assignee'],
      [{ color: 'red' }, 400, 'color'],
      [{ 'custom:nope': 1 }, 400, 'custom:nope'],
      [{ priority: 'whenever' }, 400, 'priority'],
      [{ 'custom:severity': 'S7' }, 400, 'custom:severity'],
      [{ 'custom:rating': 1.5 }, 400, 'custom:rating'],
      [{ due_date: 'tomorrow' }, 400, 'due_date'],
      [{ priority: 'low', private: true }, 403, 'private'],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.request('PATCH', `${base}/${ticketId}`, { token: bobToken, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.field, JSON.stringify(body)).toBe(field);
    }
    const after = await t.k.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});

describe('close, reopen, followers, time', () => {
  let ticketId: string;
  beforeAll(async () => {
    ticketId = (await create({})).json.id;
  });

  it('lets the requester close and reopen, but not a colleague who only sees it', async () => {
    expect((await t.request('POST', `${base}/${ticketId}/close`, { token: bobToken })).status).toBe(403);
    const closed = await t.request('POST', `${base}/${ticketId}/close`, { token: aliceToken });
    expect(closed.json).toMatchObject({ status: 'closed' });
    expect(closed.json.closedAt).not.toBeNull();
    expect((await t.request('POST', `${base}/${ticketId}/close`, { token: aliceToken })).status).toBe(409);
    const reopened = await t.request('POST', `${base}/${ticketId}/reopen`, { token: aliceToken });
    expect(reopened.json).toMatchObject({ status: 'open', closedAt: null });
  });

  it('shares with a follower who may then manage it, and unshares', async () => {
    const added = await t.request('POST', `${base}/${ticketId}/followers`, {
      token: aliceToken,
      body: { email: 'bob@acme.example' },
    });
    expect(added.status).toBe(201);
    expect(added.json.items.map((f: { id: string }) => f.id)).toEqual([alice, bob]);
    expect((await t.request('GET', `${base}/${ticketId}`, { token: bobToken })).json.canManage).toBe(true);
    const removed = await t.request('DELETE', `${base}/${ticketId}/followers/${bob}`, { token: aliceToken });
    expect(removed.json.items.map((f: { id: string }) => f.id)).toEqual([alice]);
    expect((await t.request('DELETE', `${base}/${ticketId}/followers/${bob}`, { token: aliceToken })).status).toBe(404);
    expect((await t.request('DELETE', `${base}/${ticketId}/followers/${alice}`, { token: aliceToken })).status).toBe(
      400,
    );
  });

  it('records one share event however often the same person is added', async () => {
    const again = async () =>
      t.request('POST', `${base}/${ticketId}/followers`, { token: aliceToken, body: { email: 'dave@acme.example' } });
    const shareEvents = async () =>
      (
        await t.k
          .selectFrom('ticket_events')
          .select('id')
          .where('ticket_id', '=', ticketId)
          .where('type', '=', 'follower_added')
          .execute()
      ).length;
    await t.world.user({ organizationId: org, email: 'dave@acme.example' });
    const before = await shareEvents();
    expect((await again()).status).toBe(201);
    expect((await again()).status).toBe(201);
    expect(await shareEvents()).toBe(before + 1);
  });

  it('refuses to share with an agent', async () => {
    await t.world.user({ role: 'agent', email: 'agent@support.example' });
    const res = await t.request('POST', `${base}/${ticketId}/followers`, {
      token: aliceToken,
      body: { email: 'agent@support.example' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('email');
  });

  it('logs and totals time', async () => {
    const add = await t.request('POST', `${base}/${ticketId}/time-entries`, {
      token: aliceToken,
      body: { minutes: 90, date: '2026-01-05', note: 'call' },
    });
    expect(add.status).toBe(201);
    await t.request('POST', `${base}/${ticketId}/time-entries`, {
      token: aliceToken,
      body: { minutes: 15, date: '2026-01-06' },
    });
    const list = await t.request('GET', `${base}/${ticketId}/time-entries`, { token: bobToken });
    expect(list.json.totalMinutes).toBe(105);
    expect(list.json.items.map((e: { note: string }) => e.note)).toEqual(['call', '']);
    const bad = await t.request('POST', `${base}/${ticketId}/time-entries`, {
      token: aliceToken,
      body: { minutes: 0, date: '2026-01-05' },
    });
    expect(bad.json.error.field).toBe('minutes');
  });

  it('hides timesheets where the portal turns them off', async () => {
    const other = await t.world.portal('notime', [incident]);
    const token = await t.signIn(alice, other.id);
    expect((await t.request('GET', `/api/v1/portals/notime/tickets/${ticketId}/time-entries`, { token })).status).toBe(
      404,
    );
  });
});

describe('messages', () => {
  it('adds and lists messages oldest first', async () => {
    const ticketId = (await create({})).json.id;
    await t.request('POST', `${base}/${ticketId}/messages`, { token: aliceToken, body: { body: 'first' } });
    const second = await t.request('POST', `${base}/${ticketId}/messages`, {
      token: bobToken,
      body: { body: 'second' },
    });
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ body: 'second', author: { id: bob, staff: false }, attachments: [] });
    const list = await t.request('GET', `${base}/${ticketId}/messages`, { token: aliceToken });
    expect(list.json.items.map((m: { body: string }) => m.body)).toEqual(['first', 'second']);
    const empty = await t.request('POST', `${base}/${ticketId}/messages`, { token: aliceToken, body: { body: '   ' } });
    expect(empty.json.error.field).toBe('body');
  });
});

describe('public portal config', () => {
  it('serves branding, types and fields, and hides disabled portals', async () => {
    const res = await t.request('GET', '/api/v1/portals/acme');
    expect(res.status).toBe(200);
    expect(res.json.types.map((x: { key: string }) => x.key)).toEqual(['incident', 'question']);
    expect(res.json).not.toHaveProperty('rules');
    expect(res.json).not.toHaveProperty('allowedOrigins');
    await t.world.portal('off', [incident], { enabled: false });
    expect((await t.request('GET', '/api/v1/portals/off')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/portals/missing')).status).toBe(404);
  });
});

describe('projects on create', () => {
  it('lets staff use any existing project but never a missing one', async () => {
    const agent = await t.world.user({ role: 'agent' });
    const agentToken = await t.signIn(agent);
    const project = await t.world.project('Unfollowed');
    expect((await create({ projectId: project }, agentToken)).status).toBe(201);
    const missing = await create({ projectId: 'no-such-project' }, agentToken);
    expect(missing.status).toBe(400);
    expect(missing.json.error.field).toBe('projectId');
    expect((await create({ projectId: project })).status).toBe(400);
  });

  it('refuses an empty project id with a 400 naming it, not the 500 of a missing row (fuzz, issue 9)', async () => {
    // '' once skipped the project check (falsy) and reached the insert, which its foreign key refused.
    const agentToken = await t.signIn(await t.world.user({ role: 'agent' }));
    for (const token of [agentToken, aliceToken]) {
      const res = await create({ projectId: '' }, token);
      expect(res.status).toBe(400);
      expect(res.json.error.field).toBe('projectId');
    }
    expect((await create({ projectId: null })).status).toBe(201);
  });

  it.skipIf(testDialect !== 'postgres')(
    'keeps the project from being deleted between the check and the commit (PostgreSQL)',
    async () => {
      // Deleted in between, the insert failed on its foreign key: a 500 for a project that passed the check.
      const agent = await t.world.user({ role: 'agent' });
      const project = await t.world.project('Held');
      const viewer = {
        sessionId: 's',
        userId: agent,
        role: 'agent' as const,
        organizationId: null,
        portalId: null,
        readOnly: false,
      };
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let checked!: () => void;
      const isChecked = new Promise<void>((resolve) => (checked = resolve));
      const filing = t.k.transaction().execute(async (trx) => {
        const usable = await findUsableProject(trx, viewer, project);
        checked();
        await held;
        return usable;
      });
      await isChecked;
      const deleting = t.k.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '300ms'`.execute(trx);
        await trx.deleteFrom('projects').where('id', '=', project).execute();
      });
      await expect(deleting).rejects.toThrow(/lock timeout/);
      release();
      expect(await filing).toEqual({ id: project });
    },
  );
});
