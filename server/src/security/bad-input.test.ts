// SECURITY.md "Bad input", rows 14 and 15. Framing (415/413) is checked over a
// real socket as well, since Content-Length and chunking only exist on the wire.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';
import { testDialect } from '../testing/test-db.js';

let server: ServerType;
let base: string;

const t = useTestContext(async (t) => {
  const typeId = await t.world.ticketType('incident', 'Incident');
  const org = await t.world.organization('Acme');
  const portal = await t.world.portal('acme', [typeId], {
    timesheets: true,
    detailProperties: [
      { property: 'priority', editable: true },
      { property: 'due_date', editable: true },
    ],
  });
  const customer = await t.world.user({ organizationId: org });
  const token = await t.signIn(customer, portal.id);
  const ticketId = (await t.world.ticket({ typeId, requesterId: customer, title: 'Base ticket' })).id;
  return { token, typeId, ticketId, customer };
});

// The same app over a real socket, closed before the context.
beforeAll(async () => {
  server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const TICKETS = '/api/v1/portals/acme/tickets';
const count = async (table: 'tickets' | 'users' | 'sessions') =>
  Number(
    (
      await t.k
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Over the socket, as a browser or curl would send it: a string or bytes go with a
 * Content-Length, an array of pieces goes chunked. A fresh connection each time,
 * so one answer's connection handling cannot spill into the next test.
 */
function wire(
  method: string,
  path: string,
  init: { body?: string | Uint8Array | string[]; headers?: Record<string, string> } = {},
) {
  return new Promise<{ status: number; json: { error: { code: string; message: string; field?: string } } }>(
    (done, fail) => {
      const req = request(
        `${base}${path}`,
        { method, agent: false, headers: { authorization: `Bearer ${t.token}`, ...init.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              done({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch (err) {
              fail(err);
            }
          });
        },
      );
      req.on('error', fail);
      if (Array.isArray(init.body)) {
        for (const piece of init.body) req.write(piece);
      } else if (init.body !== undefined) {
        req.setHeader('content-length', Buffer.byteLength(init.body));
        req.write(init.body);
      }
      req.end();
    },
  );
}

/** `text` cut into `pieces` writes: node sends it with Transfer-Encoding: chunked and no length. */
function chunked(text: string, pieces = 8): string[] {
  const size = Math.ceil(text.length / pieces);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const post = (body: unknown, path = TICKETS) => t.request('POST', path, { token: t.token, body });

describe('SECURITY row 14: wrong content type → 415', () => {
  const valid = () => JSON.stringify({ typeId: t.typeId, title: 'Typed' });
  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/json-patch+json',
    'text/json',
  ]) {
    it(`${type} → 415 naming content-type, nothing created`, async () => {
      const before = await count('tickets');
      const res = await wire('POST', TICKETS, { body: valid(), headers: { 'content-type': type } });
      expect(res.status).toBe(415);
      expect(res.json.error.field).toBe('content-type');
      expect(await count('tickets')).toBe(before);
    });
  }

  it('a body without any content type → 415', async () => {
    const res = await wire('POST', TICKETS, { body: valid() });
    expect(res.status).toBe(415);
  });

  it('a form post to PATCH and to messages → 415', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await wire('PATCH', `${TICKETS}/${t.ticketId}`, { body: 'priority=urgent', headers: form })).status).toBe(
      415,
    );
    expect((await wire('POST', `${TICKETS}/${t.ticketId}/messages`, { body: 'body=hi', headers: form })).status).toBe(
      415,
    );
  });

  it('control: application/json (any case, with charset) is accepted', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8']) {
      const res = await wire('POST', TICKETS, { body: valid(), headers: { 'content-type': type } });
      expect(res.status, type).toBe(201);
    }
  });
});

describe('SECURITY row 14: body over the limit → 413', () => {
  const limit = () => t.deps.settings.maxJsonBytes;
  /** A JSON body of exactly `bytes` bytes. */
  const bodyOf = (bytes: number) => {
    const shell = JSON.stringify({ typeId: t.typeId, title: 'Big', description: '' });
    return shell.replace('"description":""', `"description":"${'x'.repeat(bytes - shell.length)}"`);
  };

  it('one byte over, with Content-Length → 413 naming body, nothing created', async () => {
    const before = await count('tickets');
    const body = bodyOf(limit() + 1);
    expect(Buffer.byteLength(body)).toBe(limit() + 1);
    const res = await wire('POST', TICKETS, { body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.json.error.field).toBe('body');
    expect(await count('tickets')).toBe(before);
  });

  it('one byte over, chunked without Content-Length → 413', async () => {
    const before = await count('tickets');
    const res = await wire('POST', TICKETS, {
      body: chunked(bodyOf(limit() + 1)),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(await count('tickets')).toBe(before);
  });

  // In-process: over a socket, a server that answers 413 early and stops reading a
  // multi-megabyte upload may reset the connection before the client reads the answer.
  it('far over, on PATCH and messages too → 413, counted whether or not a length is declared', async () => {
    const huge = JSON.stringify({ body: 'x'.repeat(limit() * 4) });
    const length = { 'content-length': String(huge.length) };
    const chunkedHeader = { 'transfer-encoding': 'chunked' };
    for (const headers of [length, chunkedHeader, {}]) {
      expect(
        (await t.request('POST', `${TICKETS}/${t.ticketId}/messages`, { token: t.token, body: huge, headers })).status,
      ).toBe(413);
      expect(
        (await t.request('PATCH', `${TICKETS}/${t.ticketId}`, { token: t.token, body: huge, headers })).status,
      ).toBe(413);
    }
    expect(await t.k.selectFrom('messages').select('id').where('ticket_id', '=', t.ticketId).execute()).toEqual([]);
  });

  it('exactly at the limit is read (and refused only for what it says: description too long)', async () => {
    const res = await wire('POST', TICKETS, {
      body: chunked(bodyOf(limit())),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('description');
  });
});

describe('SECURITY row 14: invalid JSON, wrong types, unknown fields, __proto__ keys → 400 naming the field', () => {
  for (const text of [
    '{',
    '{"typeId":',
    "{'title':'x'}",
    '{"title":"x",}',
    'nul',
    '{"a":1}{"b":2}',
    '\u0000',
    '[1,2',
    '{"title":"\\x41"}',
  ]) {
    it(`invalid JSON ${JSON.stringify(text)} → 400 naming body`, async () => {
      const res = await post(text);
      expect(res.status).toBe(400);
      expect(res.json.error.field).toBe('body');
    });
  }

  it('invalid JSON over the wire → 400 naming body', async () => {
    const res = await wire('POST', TICKETS, { body: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('body');
  });

  const wrongTypes: [string, unknown, string][] = [
    [TICKETS, { typeId: 5, title: 'x' }, 'typeId'],
    [TICKETS, { typeId: 'T', title: ['x'] }, 'title'],
    [TICKETS, { typeId: 'T', title: 'x', private: 'yes' }, 'private'],
    [TICKETS, { typeId: 'T', title: 'x', followers: 'a@b.test' }, 'followers'],
    [TICKETS, { typeId: 'T', title: 'x', followers: [5] }, 'followers.0'],
    [TICKETS, { typeId: 'T', title: 'x', custom: [] }, 'custom'],
    [TICKETS, { typeId: 'T', title: 'x', priority: 3 }, 'priority'],
    [TICKETS, { typeId: 'T', title: 'a\u0000b' }, 'title'],
    [TICKETS, [], 'body'],
    [TICKETS, 'just a string', 'body'],
    [TICKETS, null, 'body'],
    ['MSG', { body: { text: 'hi' } }, 'body'],
    ['MSG', { body: 'hi', attachmentIds: 'abc' }, 'attachmentIds'],
    ['TIME', { minutes: '10', date: '2026-01-01' }, 'minutes'],
    ['TIME', { minutes: 10, date: 20260101 }, 'date'],
    ['PATCH', { priority: 5 }, 'priority'],
    ['PATCH', { due_date: 'tomorrow' }, 'due_date'],
  ];
  for (const [where, body, field] of wrongTypes) {
    it(`wrong type at ${where}: ${JSON.stringify(body)} → 400 naming ${field}`, async () => {
      const path =
        where === 'MSG'
          ? `${TICKETS}/${t.ticketId}/messages`
          : where === 'TIME'
            ? `${TICKETS}/${t.ticketId}/time-entries`
            : where === 'PATCH'
              ? `${TICKETS}/${t.ticketId}`
              : TICKETS;
      const res = await t.request(where === 'PATCH' ? 'PATCH' : 'POST', path, {
        token: t.token,
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(res.json.error.field).toBe(field);
    });
  }

  it('unknown fields → 400 naming them', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', TICKETS, { typeId: t.typeId, title: 'x', requesterId: t.customer }, 'requesterId'],
      ['POST', TICKETS, { typeId: t.typeId, title: 'x', organizationId: 'o' }, 'organizationId'],
      ['POST', `${TICKETS}/${t.ticketId}/messages`, { body: 'x', internal: true }, 'internal'],
      ['POST', `${TICKETS}/${t.ticketId}/followers`, { email: 'a@b.test', role: 'agent' }, 'role'],
      ['POST', `${TICKETS}/${t.ticketId}/time-entries`, { minutes: 1, date: '2026-01-01', userId: 'u' }, 'userId'],
      ['PATCH', `${TICKETS}/${t.ticketId}`, { nonsense: 1 }, 'nonsense'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.request(method, path, { token: t.token, body });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.json.error.field, `${method} ${path}`).toBe(field);
    }
  });

  it('__proto__ keys, at the top or nested → 400 naming them; no prototype is touched', async () => {
    const before = await count('tickets');
    const ticket = await t.k.selectFrom('tickets').selectAll().where('id', '=', t.ticketId).executeTakeFirstOrThrow();
    const cases: [string, string, string, string][] = [
      ['POST', TICKETS, `{"__proto__":{"private":true},"typeId":"${t.typeId}","title":"proto"}`, '__proto__'],
      [
        'POST',
        TICKETS,
        `{"typeId":"${t.typeId}","title":"proto","custom":{"__proto__":{"polluted":1}}}`,
        'custom.__proto__',
      ],
      [
        'POST',
        TICKETS,
        `{"typeId":"${t.typeId}","title":"proto","followers":[{"__proto__":1}]}`,
        'followers.0.__proto__',
      ],
      ['PATCH', `${TICKETS}/${t.ticketId}`, '{"__proto__":{"priority":"urgent"}}', '__proto__'],
      ['PATCH', `${TICKETS}/${t.ticketId}`, '{"priority":"low","__proto__":{"polluted":1}}', '__proto__'],
      ['POST', `${TICKETS}/${t.ticketId}/messages`, '{"body":"x","__proto__":{"internal":true}}', '__proto__'],
    ];
    for (const [method, path, text, field] of cases) {
      const res = await t.request(method, path, { token: t.token, body: text });
      expect(res.status, text).toBe(400);
      expect(res.json.error.field, text).toBe(field);
    }
    // constructor/prototype are ordinary unknown names.
    const ctor = await t.request('POST', TICKETS, {
      token: t.token,
      body: `{"typeId":"${t.typeId}","title":"c","constructor":{"prototype":{"polluted":1}}}`,
    });
    expect(ctor.status).toBe(400);
    expect(ctor.json.error.field).toBe('constructor');
    const patchCtor = await t.request('PATCH', `${TICKETS}/${t.ticketId}`, {
      token: t.token,
      body: '{"constructor":{"prototype":{"polluted":1}}}',
    });
    expect(patchCtor.status).toBe(400);
    expect(patchCtor.json.error.field).toBe('constructor');

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).private).toBeUndefined();
    expect(await count('tickets')).toBe(before);
    expect(await t.k.selectFrom('tickets').selectAll().where('id', '=', t.ticketId).executeTakeFirstOrThrow()).toEqual(
      ticket,
    );
  });

  it('NUL bytes in a path or query → 400, never a database error', async () => {
    const inPath = await t.request('GET', `${TICKETS}/a%00b`, { token: t.token });
    expect(inPath.status).toBe(400);
    expect(inPath.json.error.field).toBe('path');
    const inQuery = await t.request('GET', `${TICKETS}?q=a%00b`, { token: t.token });
    expect(inQuery.status).toBe(400);
    expect(inQuery.json.error.field).toBe('q');
    const inSlug = await t.request('GET', '/api/v1/portals/%00/tickets', { token: t.token });
    expect(inSlug.status).toBe(400);
  });
});

describe('SECURITY row 15: sort and filter parameters accept only listed values', () => {
  const bad: [string, string][] = [
    ['sort=title', 'sort'],
    ['sort=created;DROP TABLE tickets', 'sort'],
    ['sort=tickets.created_at', 'sort'],
    ['order=sideways', 'order'],
    ['order=desc,id', 'order'],
    ['view=everything', 'view'],
    ['view=type:../../x', 'view'],
    ["view=type:' OR 1=1 --", 'view'],
    ['view=all%20OR%201%3D1', 'view'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=1e309', 'limit'],
    ['limit=ten', 'limit'],
    ['sortBy=created', 'sortBy'],
    ['q=' + 'x'.repeat(201), 'q'],
    ['cursor=not-a-cursor', 'cursor'],
  ];
  for (const [query, field] of bad) {
    it(`?${query.slice(0, 60)} → 400 naming ${field}`, async () => {
      const res = await t.request('GET', `${TICKETS}?${query}`, { token: t.token });
      expect(res.status).toBe(400);
      expect(res.json.error.field).toBe(field);
    });
  }

  it('every listed value works', async () => {
    for (const sort of ['created', 'updated', 'priority', 'status']) {
      for (const order of ['asc', 'desc']) {
        for (const view of ['all', 'my_open', 'my_closed', 'followed', 'type:incident', 'type:nope']) {
          const res = await t.request('GET', `${TICKETS}?sort=${sort}&order=${order}&view=${view}`, { token: t.token });
          expect(res.status, `${sort} ${order} ${view}`).toBe(200);
        }
      }
    }
  });

  it('cursors that decode to hostile or out-of-range values → 400 or an empty page, never a 5xx', async () => {
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cases: [string, unknown][] = [
      ['priority', [1e308, 'x']],
      ['priority', [1.5, 'x']],
      ['priority', [-1e20, "' OR 1=1 --"]],
      ['status', [2 ** 53, 'x']],
      ['created', ["' OR '1'='1", 'x']],
      ['created', ['2026-01-01', "'; DROP TABLE tickets; --"]],
      ['created', ['2026-01-01', { id: 1 }]],
      ['priority', ['1', 'x']],
      ['created', [1, 'x']],
      ['created', ['a\u0000', 'x']],
    ];
    for (const [sort, value] of cases) {
      const res = await t.request('GET', `${TICKETS}?sort=${sort}&cursor=${cursor(value)}`, { token: t.token });
      expect([200, 400], `${sort} ${JSON.stringify(value)} → ${res.status} ${JSON.stringify(res.json)}`).toContain(
        res.status,
      );
      if (res.status === 400) expect(res.json.error.field).toBe('cursor');
    }
    for (const value of [
      ['a\u0000', 'x'],
      ["' OR 1=1 --", 'x'.repeat(5000)],
      [1, 2],
    ]) {
      const res = await t.request('GET', `${TICKETS}/${t.ticketId}/messages?cursor=${cursor(value)}`, {
        token: t.token,
      });
      expect([200, 400], `messages ${JSON.stringify(value).slice(0, 40)} → ${res.status}`).toContain(res.status);
    }
  });
});

describe('SECURITY row 15: SQL metacharacters anywhere are inert', () => {
  const titles = {
    quote: "O'Brien laptop",
    percent: '100% CPU',
    underscore: 'under_score',
    backslash: 'back\\slash',
    semicolon: 'semi; colon -- dash',
    dquote: 'say "hi"',
  };
  const made: Record<string, string> = {};

  beforeAll(async () => {
    for (const [key, title] of Object.entries(titles)) {
      const res = await post({ typeId: t.typeId, title });
      expect(res.status).toBe(201);
      made[key] = res.json.id;
    }
  });

  const search = async (q: string) => {
    const res = await t.request('GET', `${TICKETS}?limit=100&q=${encodeURIComponent(q)}`, { token: t.token });
    expect(res.status, q).toBe(200);
    return (res.json.items as { id: string }[]).map((i) => i.id).sort();
  };

  it('q matches metacharacters literally', async () => {
    expect(await search("'")).toEqual([made.quote]);
    expect(await search('%')).toEqual([made.percent]);
    expect(await search('_')).toEqual([made.underscore]);
    expect(await search('\\')).toEqual([made.backslash]);
    expect(await search('; colon --')).toEqual([made.semicolon]);
    expect(await search('"hi"')).toEqual([made.dquote]);
    expect(await search("o'brien")).toEqual([made.quote]);
  });

  it('injection attempts in q find nothing and change nothing', async () => {
    const tickets = await count('tickets');
    const users = await count('users');
    for (const q of [
      "' OR '1'='1",
      "%' OR 1=1 --",
      "'; DROP TABLE tickets; --",
      '" OR ""="',
      "') UNION SELECT id, email FROM users --",
      '\\%',
      '%_%',
    ]) {
      expect(await search(q), q).toEqual([]);
    }
    expect(await count('tickets')).toBe(tickets);
    expect(await count('users')).toBe(users);
  });

  it('ids and slugs with SQL in them are just unknown → 404', async () => {
    for (const id of ["' OR '1'='1", '1 OR 1=1', '%', '*', "x'; DELETE FROM tickets; --", '1', '#1']) {
      const res = await t.request('GET', `${TICKETS}/${encodeURIComponent(id)}`, { token: t.token });
      expect(res.status, id).toBe(404);
      const msg = await t.request('GET', `${TICKETS}/${encodeURIComponent(id)}/messages`, { token: t.token });
      expect(msg.status, id).toBe(404);
    }
    const slug = await t.request('GET', `/api/v1/portals/${encodeURIComponent("acme' OR '1'='1")}/tickets`, {
      token: t.token,
    });
    expect(slug.status).toBe(404);
  });

  it('metacharacters stored in text come back byte for byte', async () => {
    for (const [key, title] of Object.entries(titles)) {
      const res = await t.request('GET', `${TICKETS}/${made[key]}`, { token: t.token });
      expect(res.json.title).toBe(title);
    }
  });

  it('every table is still there', async () => {
    const expected = ['tickets', 'users', 'sessions', 'messages', 'portals', 'ticket_followers', 'organizations'];
    const rows =
      testDialect === 'sqlite'
        ? (t.db.sqlite!.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[])
        : ((await t.k
            .selectFrom('information_schema.tables' as never)
            .select('table_name as name' as never)
            .where('table_schema' as never, '=', t.k.fn('current_schema' as never) as never)
            .execute()) as unknown as { name: string }[]);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(expected));
    expect(await count('sessions')).toBeGreaterThan(0);
  });
});
