// SECURITY.md "Authorization", rows 1–6, held against the real app on a real database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMessage } from '../tickets/tickets.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
const ids = {} as {
  incident: string;
  hiddenType: string;
  acme: string;
  globex: string;
  website: string;
  secretProject: string;
  portal: string;
  beta: string;
  carol: string;
  colin: string;
  sam: string;
  agnes: string;
  adam: string;
  carolOwn: string;
  colinPrivate: string;
  colinShared: string;
  samForeign: string;
  samOnWebsite: string;
  hiddenTypeTicket: string;
  privateAttachment: string;
};
let carol: string;
let carolOnBeta: string;

interface TicketItem {
  id: string;
}

/** Every customer-facing route that takes a ticket id, from the OpenAPI document. */
let ticketRoutes: { method: string; path: string }[] = [];

async function insertAttachment(ticketId: string, uploaderId: string, messageId: string | null = null) {
  const id = randomUUID();
  await t.k
    .insertInto('attachments')
    .values({
      id,
      ticket_id: ticketId,
      message_id: messageId,
      uploader_id: uploaderId,
      filename: 'secret.txt',
      content_type: 'text/plain',
      size: 6,
      storage_key: `missing-${id}`,
      created_at: t.clock.now().toISOString(),
    })
    .execute();
  return id;
}

beforeAll(async () => {
  t = await createTestContext();
  const w = t.world;
  ids.incident = await w.ticketType('incident', 'Incident');
  ids.hiddenType = await w.ticketType('internal_only', 'Internal only');
  ids.acme = await w.organization('Acme', 'acme.test');
  ids.globex = await w.organization('Globex', 'globex.test');
  ids.website = await w.project('Website');
  ids.secretProject = await w.project('Secret project');
  await w.followProject(ids.website, { organizationId: ids.acme });
  const portal = await w.portal('acme', [ids.incident], {
    timesheets: true,
    detailProperties: [
      { property: 'status', editable: false },
      { property: 'priority', editable: true },
      { property: 'due_date', editable: true },
      { property: 'assignee', editable: false },
      { property: 'requester', editable: false },
    ],
  });
  ids.portal = portal.id;
  ids.beta = (await w.portal('beta', [ids.incident], { timesheets: true })).id;
  ids.carol = await w.user({ organizationId: ids.acme, email: 'carol@acme.test', name: 'Carol' });
  ids.colin = await w.user({ organizationId: ids.acme, email: 'colin@acme.test', name: 'Colin' });
  ids.sam = await w.user({ organizationId: ids.globex, email: 'sam@globex.test', name: 'Sam' });
  ids.agnes = await w.user({ role: 'agent', email: 'agnes@support.test', name: 'Agnes' });
  ids.adam = await w.user({ role: 'admin', email: 'adam@support.test', name: 'Adam' });
  ids.carolOwn = (await w.ticket({ typeId: ids.incident, requesterId: ids.carol, title: 'Carol printer' })).id;
  ids.colinPrivate = (
    await w.ticket({ typeId: ids.incident, requesterId: ids.colin, private: true, title: 'Colin salary question' })
  ).id;
  ids.colinShared = (await w.ticket({ typeId: ids.incident, requesterId: ids.colin, title: 'Colin shared VPN' })).id;
  ids.samForeign = (await w.ticket({ typeId: ids.incident, requesterId: ids.sam, title: 'Globex merger plans' })).id;
  ids.samOnWebsite = (
    await w.ticket({ typeId: ids.incident, requesterId: ids.sam, projectId: ids.website, title: 'Website outage' })
  ).id;
  ids.hiddenTypeTicket = (await w.ticket({ typeId: ids.hiddenType, requesterId: ids.carol, title: 'Hidden type' })).id;
  ids.privateAttachment = await insertAttachment(ids.colinPrivate, ids.colin);
  await t.k
    .insertInto('time_entries')
    .values({
      id: randomUUID(),
      ticket_id: ids.colinPrivate,
      user_id: ids.colin,
      minutes: 15,
      date: '2026-01-01',
      note: 'x',
      created_at: t.clock.now().toISOString(),
    })
    .execute();
  carol = await t.signIn(ids.carol, ids.portal);
  carolOnBeta = await t.signIn(ids.carol, ids.beta);

  const doc = await t.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json');
  ticketRoutes = Object.entries(doc.json.paths)
    .filter(([path]) => path.startsWith('/api/v1/portals/{slug}/tickets/{id}'))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
});
afterAll(() => t.close());

/** A body the route would accept for a visible ticket, so only visibility can refuse it. */
function validBodyFor(method: string, path: string): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (path.endsWith('/messages')) return { body: 'Hello' };
  if (path.endsWith('/followers')) return { email: 'colin@acme.test' };
  if (path.endsWith('/time-entries')) return { minutes: 10, date: '2026-01-05' };
  if (path.endsWith('/rating')) return { rating: 'good' };
  if (path.endsWith('/attachments')) {
    const form = new FormData();
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    return form;
  }
  if (method === 'PATCH') return { priority: 'high' };
  return {};
}

function urlFor(path: string, ticketId: string): string {
  return path
    .replace('{slug}', 'acme')
    .replace('{id}', ticketId)
    .replace(/\{\w+\}/g, ids.colin);
}

async function listIds(query: string, token = carol): Promise<string[]> {
  const res = await t.request<{ items: TicketItem[] }>('GET', `/api/v1/portals/acme/tickets${query}`, { token });
  expect(res.status, query).toBe(200);
  return res.json.items.map((i) => i.id);
}

async function ticketRow(id: string) {
  return t.k.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('SECURITY row 1: another organization’s ticket or a colleague’s private ticket → 404, same body as a missing id', () => {
  it('discovers the per-ticket routes (messages, followers, time entries, attachments…)', () => {
    const paths = ticketRoutes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('GET /api/v1/portals/{slug}/tickets/{id}');
    expect(paths).toContain('GET /api/v1/portals/{slug}/tickets/{id}/messages');
    expect(paths).toContain('GET /api/v1/portals/{slug}/tickets/{id}/followers');
    expect(paths).toContain('GET /api/v1/portals/{slug}/tickets/{id}/time-entries');
  });

  for (const hidden of ['colinPrivate', 'samForeign', 'hiddenTypeTicket'] as const) {
    it(`every per-ticket route answers ${hidden} exactly like a missing id`, async () => {
      expect(ticketRoutes.length).toBeGreaterThan(5);
      for (const { method, path } of ticketRoutes) {
        const missing = await t.request(method, urlFor(path, randomUUID()), {
          token: carol,
          body: validBodyFor(method, path),
        });
        const forbidden = await t.request(method, urlFor(path, ids[hidden]), {
          token: carol,
          body: validBodyFor(method, path),
        });
        expect(forbidden.status, `${method} ${path}`).toBe(404);
        expect(missing.status, `${method} ${path}`).toBe(404);
        expect(forbidden.json, `${method} ${path}`).toEqual(missing.json);
      }
    });
  }

  it('the same routes work on her own ticket (the 404s above are not a broken route)', async () => {
    for (const { method, path } of ticketRoutes.filter((r) => r.method === 'GET')) {
      const res = await t.request(method, urlFor(path, ids.carolOwn), { token: carol });
      expect(res.status, `${method} ${path}`).toBe(200);
    }
  });

  it('nothing changed on the hidden tickets through those routes', async () => {
    const messages = await t.k
      .selectFrom('messages')
      .select('id')
      .where('ticket_id', 'in', [ids.colinPrivate, ids.samForeign])
      .execute();
    const followers = await t.k
      .selectFrom('ticket_followers')
      .select('user_id')
      .where('ticket_id', '=', ids.samForeign)
      .execute();
    expect(messages).toEqual([]);
    expect(followers.map((f) => f.user_id)).toEqual([ids.sam]);
  });

  it('an attachment of a hidden ticket downloads as 404, same body as a missing attachment', async () => {
    const missing = await t.request('GET', `/api/v1/attachments/${randomUUID()}`, { token: carol });
    const hidden = await t.request('GET', `/api/v1/attachments/${ids.privateAttachment}`, { token: carol });
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
  });

  it('never appears in any list view, search or number search', async () => {
    const views = ['all', 'my_open', 'my_closed', 'followed', 'type:incident', 'type:internal_only'];
    const hiddenIds = [ids.colinPrivate, ids.samForeign, ids.hiddenTypeTicket];
    for (const view of views) {
      for (const sort of ['created', 'priority']) {
        const seen = await listIds(`?view=${view}&sort=${sort}&limit=100`);
        for (const id of hiddenIds) expect(seen, view).not.toContain(id);
      }
    }
    for (const q of ['salary', 'merger', 'Hidden type', 'Colin', 'Globex']) {
      const seen = await listIds(`?q=${encodeURIComponent(q)}`);
      for (const id of hiddenIds) expect(seen, q).not.toContain(id);
    }
    for (const id of hiddenIds) {
      const { number } = await ticketRow(id);
      expect(await listIds(`?q=%23${number}`)).toEqual([]);
      expect(await listIds(`?q=${number}`)).not.toContain(id);
    }
    // Control: what she may see is there.
    const all = await listIds('?limit=100');
    expect(all).toEqual(expect.arrayContaining([ids.carolOwn, ids.colinShared, ids.samOnWebsite]));
  });

  it('page cursors cannot walk into hidden tickets', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; json: { items: TicketItem[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/api/v1/portals/acme/tickets?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: carol },
      );
      expect(res.status).toBe(200);
      seen.push(...res.json.items.map((i) => i.id));
      cursor = res.json.nextCursor;
    } while (cursor && seen.length < 50);
    expect(new Set(seen)).toEqual(new Set([ids.carolOwn, ids.colinShared, ids.samOnWebsite]));
  });
});

describe('SECURITY row 2: PATCH of a read-only field → 403; of an access field → 403 naming it; of an unknown field → 400 naming it; nothing changes', () => {
  const patch = (body: unknown) =>
    t.request('PATCH', `/api/v1/portals/acme/tickets/${ids.carolOwn}`, { token: carol, body });

  async function unchanged(run: () => Promise<void>) {
    const before = await ticketRow(ids.carolOwn);
    const events = await t.k.selectFrom('ticket_events').select('id').where('ticket_id', '=', ids.carolOwn).execute();
    await run();
    expect(await ticketRow(ids.carolOwn)).toEqual(before);
    expect(
      await t.k.selectFrom('ticket_events').select('id').where('ticket_id', '=', ids.carolOwn).execute(),
    ).toHaveLength(events.length);
  }

  it('a property shown but not editable (status) → 403 naming it', async () => {
    await unchanged(async () => {
      const res = await patch({ status: 'closed' });
      expect(res.status).toBe(403);
      expect(res.json.error.field).toBe('status');
    });
  });

  for (const field of [
    'requester',
    'organization',
    'private',
    'assignee',
    'requester_id',
    'organization_id',
    'assignee_id',
  ]) {
    it(`${field} → 403 naming it`, async () => {
      const value = field === 'private' ? true : field.startsWith('organization') ? ids.globex : ids.sam;
      await unchanged(async () => {
        const res = await patch({ [field]: value });
        expect(res.status).toBe(403);
        expect(res.json.error.field).toBe(field);
      });
    });
  }

  for (const field of ['colour', 'custom:nope', 'title ', 'Priority']) {
    it(`a property that does not exist (${JSON.stringify(field)}) → 400 naming it`, async () => {
      await unchanged(async () => {
        const res = await patch({ [field]: 'x' });
        expect(res.status).toBe(400);
        expect(res.json.error.field).toBe(field);
      });
    });
  }

  it('an editable change riding along with a forbidden one is not applied either', async () => {
    await unchanged(async () => {
      expect((await patch({ priority: 'high', private: true })).status).toBe(403);
      expect((await patch({ due_date: '2026-03-01', status: 'closed' })).status).toBe(403);
      expect((await patch({ priority: 'low', colour: 'red' })).status).toBe(400);
    });
  });

  it('control: an editable property does change', async () => {
    const res = await patch({ priority: 'high' });
    expect(res.status).toBe(200);
    expect((await ticketRow(ids.carolOwn)).priority).toBe('high');
  });
});

describe('SECURITY row 3: creating with a type, project or follower the customer may not use → rejected', () => {
  const create = (body: Record<string, unknown>) =>
    t.request('POST', '/api/v1/portals/acme/tickets', {
      token: carol,
      body: { typeId: ids.incident, title: 'New', ...body },
    });

  /** Each body is refused with 400 naming `field`, and no ticket or user is created by any of them. */
  async function refused(field: string, bodies: Record<string, unknown>[]) {
    const count = async (table: 'tickets' | 'users') =>
      Number(
        (
          await t.k
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [tickets, users] = [await count('tickets'), await count('users')];
    for (const body of bodies) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
    expect(await count('tickets')).toBe(tickets);
    expect(await count('users')).toBe(users);
  }

  it('a type not visible in the portal → 400 typeId', () =>
    refused(
      'typeId',
      [ids.hiddenType, randomUUID()].map((typeId) => ({ typeId })),
    ));

  it('a project the customer does not follow → 400 projectId', () =>
    refused(
      'projectId',
      [ids.secretProject, randomUUID()].map((projectId) => ({ projectId })),
    ));

  it('an agent or admin as follower → 400 naming the follower', () =>
    refused(
      'followers.1',
      ['agnes@support.test', 'ADAM@support.test'].map((email) => ({ followers: ['colin@acme.test', email] })),
    ));

  it('control: a visible type, a followed project and a customer follower are accepted', async () => {
    const res = await create({ projectId: ids.website, followers: ['colin@acme.test'] });
    expect(res.status).toBe(201);
  });
});

describe('SECURITY row 4: removed from the organization or unfollowed a project → the very next request no longer shows those tickets', () => {
  async function sees(id: string): Promise<{ inList: boolean; detail: number }> {
    const inList = (await listIds('?limit=100')).includes(id);
    const detail = (await t.request('GET', `/api/v1/portals/acme/tickets/${id}`, { token: carol })).status;
    return { inList, detail };
  }

  it('unfollowing a project hides its tickets at once', async () => {
    expect(await sees(ids.samOnWebsite)).toEqual({ inList: true, detail: 200 });
    await t.k.deleteFrom('project_followers').where('project_id', '=', ids.website).execute();
    expect(await sees(ids.samOnWebsite)).toEqual({ inList: false, detail: 404 });
    expect(await sees(ids.colinShared)).toEqual({ inList: true, detail: 200 });
  });

  it('leaving the organization hides its tickets at once, her own stay', async () => {
    expect(await sees(ids.colinShared)).toEqual({ inList: true, detail: 200 });
    await t.k.updateTable('users').set({ organization_id: null }).where('id', '=', ids.carol).execute();
    expect(await sees(ids.colinShared)).toEqual({ inList: false, detail: 404 });
    expect(
      (await t.request('GET', `/api/v1/portals/acme/tickets/${ids.colinShared}/messages`, { token: carol })).status,
    ).toBe(404);
    expect(await sees(ids.carolOwn)).toEqual({ inList: true, detail: 200 });
  });

  it('moving to another organization shows the new one’s tickets, not the old', async () => {
    await t.k.updateTable('users').set({ organization_id: ids.globex }).where('id', '=', ids.carol).execute();
    expect(await sees(ids.samForeign)).toEqual({ inList: true, detail: 200 });
    expect(await sees(ids.colinShared)).toEqual({ inList: false, detail: 404 });
    await t.k.updateTable('users').set({ organization_id: ids.acme }).where('id', '=', ids.carol).execute();
    expect(await sees(ids.samForeign)).toEqual({ inList: false, detail: 404 });
  });
});

describe('SECURITY row 5: a token of portal A used on portal B → 401 or 404', () => {
  it('refuses every customer route of the other portal', async () => {
    const calls: [string, string, unknown][] = [
      ['GET', '/api/v1/portals/beta/tickets', undefined],
      ['POST', '/api/v1/portals/beta/tickets', { typeId: ids.incident, title: 'Cross-portal' }],
      ['GET', `/api/v1/portals/beta/tickets/${ids.carolOwn}`, undefined],
      ['PATCH', `/api/v1/portals/beta/tickets/${ids.carolOwn}`, { priority: 'low' }],
      ['GET', `/api/v1/portals/beta/tickets/${ids.carolOwn}/messages`, undefined],
      ['POST', `/api/v1/portals/beta/tickets/${ids.carolOwn}/messages`, { body: 'hi' }],
      ['GET', `/api/v1/portals/beta/tickets/${ids.carolOwn}/followers`, undefined],
      ['GET', `/api/v1/portals/beta/tickets/${ids.carolOwn}/time-entries`, undefined],
      ['POST', `/api/v1/portals/beta/tickets/${ids.carolOwn}/close`, undefined],
      ['GET', '/api/v1/portals/beta/events', undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await t.request(method, path, { token: carol, body });
      expect([401, 404], `${method} ${path}`).toContain(res.status);
    }
    const created = await t.k.selectFrom('tickets').select('id').where('title', '=', 'Cross-portal').execute();
    expect(created).toEqual([]);
  });

  it('and the other way round; each token works on its own portal', async () => {
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: carolOnBeta })).status).toBe(401);
    expect(
      (await t.request('GET', `/api/v1/portals/acme/tickets/${ids.carolOwn}`, { token: carolOnBeta })).status,
    ).toBe(401);
    expect((await t.request('GET', '/api/v1/portals/beta/tickets', { token: carolOnBeta })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: carol })).status).toBe(200);
  });

  it('a portal-bound token cannot download an attachment through another portal', async () => {
    const own = await insertAttachment(ids.carolOwn, ids.carol);
    const res = await t.request('GET', `/api/v1/attachments/${own}?portal=beta`, { token: carol });
    expect([401, 404]).toContain(res.status);
  });
});

describe('SECURITY row 6: internal notes never reach a customer response or email', () => {
  const SECRET = 'INTERNAL-NOTE-do-not-leak-7f3a';
  let noteAttachment: string;

  beforeAll(async () => {
    await t.k.transaction().execute(async (trx) => {
      await insertMessage(trx, {
        ticketId: ids.carolOwn,
        authorId: ids.agnes,
        body: 'Public reply from support',
        internal: false,
        now: t.clock.now().toISOString(),
      });
      const noteId = await insertMessage(trx, {
        ticketId: ids.carolOwn,
        authorId: ids.agnes,
        body: SECRET,
        internal: true,
        now: t.clock.now().toISOString(),
      });
      noteAttachment = randomUUID();
      await trx
        .insertInto('attachments')
        .values({
          id: noteAttachment,
          ticket_id: ids.carolOwn,
          message_id: noteId,
          uploader_id: ids.agnes,
          filename: `${SECRET}.txt`,
          content_type: 'text/plain',
          size: 1,
          storage_key: 'k',
          created_at: t.clock.now().toISOString(),
        })
        .execute();
    });
  });

  it('the messages list shows the public reply and not the note', async () => {
    const res = await t.request('GET', `/api/v1/portals/acme/tickets/${ids.carolOwn}/messages`, { token: carol });
    expect(res.status).toBe(200);
    const bodies = (res.json.items as { body: string }[]).map((m) => m.body);
    expect(bodies).toContain('Public reply from support');
    expect(JSON.stringify(res.json)).not.toContain(SECRET);
  });

  it('no customer GET route mentions it: detail, list, search, followers, time entries…', async () => {
    const doc = await t.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json');
    const gets = Object.entries(doc.json.paths)
      .filter(([path, ops]) => path.startsWith('/api/v1/portals/') && 'get' in ops)
      .map(([path]) => urlFor(path, ids.carolOwn));
    gets.push('/api/v1/portals/acme/tickets?q=INTERNAL-NOTE', '/api/v1/portals/acme/tickets?sort=updated');
    for (const url of gets) {
      const res = await t.request('GET', url, { token: carol });
      expect(res.status, url).toBeLessThan(500);
      expect(JSON.stringify(res.json), url).not.toContain(SECRET);
    }
    expect(await listIds('?q=INTERNAL-NOTE')).toEqual([]);
  });

  it('posting a message answers with that message only, and the note’s file is a 404', async () => {
    const res = await t.request('POST', `/api/v1/portals/acme/tickets/${ids.carolOwn}/messages`, {
      token: carol,
      body: { body: 'Thanks' },
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.json)).not.toContain(SECRET);
    const missing = await t.request('GET', `/api/v1/attachments/${randomUUID()}`, { token: carol });
    const note = await t.request('GET', `/api/v1/attachments/${noteAttachment}`, { token: carol });
    expect(note.status).toBe(404);
    expect(note.json).toEqual(missing.json);
  });

  it('no queued email carries it', async () => {
    const mails = await t.k.selectFrom('email_outbox').selectAll().execute();
    for (const mail of mails) expect(JSON.stringify(mail)).not.toContain(SECRET);
  });
});
