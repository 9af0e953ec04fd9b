import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/*
 * The one cursor codec, and every kind of cursor a client could send that no
 * list handed out: garbage, forged values the database would choke on, the
 * wrong shape (another list's cursor) and stale ones (another sort or order).
 * Each is a 400 naming `cursor`, through customer and admin lists alike.
 */

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const GARBAGE = [
  'not-a-cursor',
  '!!!',
  'bm9wZQ',
  forge(null),
  forge({}),
  forge('abc'),
  forge([]),
  Buffer.from('[1,').toString('base64url'),
];
const FORGED = [
  forge(['created', 'desc', 2.96e-322, 'x']),
  forge(['priority', 'desc', 2 ** 40, 'x']),
  forge(['priority', 'desc', 1e308, 'x']),
  forge(['created', 'desc', '\u0000', 'x']),
  forge(['created', 'desc', 'x', 'a\u0000']),
  forge(['created', 'desc', 'x'.repeat(500), 'a']),
  forge([2.96e-322, 'x']),
  forge(['\u0000', 'a']),
  forge(['a', '\u0000']),
  forge(['x'.repeat(500), 'a']),
  forge(['\u0000']),
];

describe('the cursor codec', () => {
  it('reads back what it wrote, typed by shape', () => {
    const cursor = encodeCursor(['priority', 'desc', 3, 'id-1']);
    expect(decodeCursor(cursor, ['string', 'string', 'number', 'string'])).toEqual(['priority', 'desc', 3, 'id-1']);
  });

  it('refuses a part of the wrong kind, count or range, naming cursor', () => {
    const cases: [string, readonly ('string' | 'number')[]][] = [
      [encodeCursor(['a', 'b']), ['string']],
      [encodeCursor(['a']), ['string', 'string']],
      [encodeCursor([1, 'b']), ['string', 'string']],
      [encodeCursor(['1', 'b']), ['number', 'string']],
      [encodeCursor([1.5, 'b']), ['number', 'string']],
      [encodeCursor([2 ** 31, 'b']), ['number', 'string']],
      [encodeCursor(['x'.repeat(201)]), ['string']],
      [encodeCursor(['a\u0000']), ['string']],
      ['%%%', ['string']],
    ];
    for (const [cursor, shape] of cases) {
      expect(() => decodeCursor(cursor, shape), `${cursor} as ${shape.join(',')}`).toThrow(/cursor/);
    }
  });
});

const TICKETS = '/api/v1/portals/acme/tickets';

const t = useTestContext(async (t) => {
  const typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId]);
  await t.world.portal('beta', [typeId]);
  await t.world.portal('gamma', [typeId]);
  const customerId = await t.world.user();
  let ticketId = '';
  for (let i = 0; i < 3; i++) ticketId = (await t.world.ticket({ typeId, requesterId: customerId, title: `T${i}` })).id;
  const customer = await t.signIn(customerId);
  const admin = await t.signIn(await t.world.user({ role: 'admin' }));
  for (let i = 0; i < 3; i++) await t.world.project(`P${i}`);
  return { customer, admin, ticketId };
});

/** Lists with the token that reads them; the first two are customer lists, the others admin lists. */
const lists = () => [
  { path: `${TICKETS}?limit=1`, token: t.customer },
  { path: `${TICKETS}/${t.ticketId}/messages?`, token: t.customer },
  { path: '/api/v1/admin/projects?limit=1', token: t.admin },
  { path: '/api/v1/admin/portals?limit=1', token: t.admin },
  { path: '/api/v1/admin/tickets?limit=1', token: t.admin },
];

async function expectRefused(path: string, token: string, cursor: string) {
  const sep = path.endsWith('?') ? '' : '&';
  const res = await t.request('GET', `${path}${sep}cursor=${encodeURIComponent(cursor)}`, { token });
  expect(res.status, `${path} ${cursor}`).toBe(400);
  expect(res.json.error.field, `${path} ${cursor}`).toBe('cursor');
}

describe('every list', () => {
  it('refuses garbage and forged cursors with a 400 naming cursor', async () => {
    for (const { path, token } of lists()) {
      for (const cursor of [...GARBAGE, ...FORGED]) await expectRefused(path, token, cursor);
    }
  });

  it("refuses another list's cursor (the wrong shape)", async () => {
    const ticketsCursor = (await t.request('GET', `${TICKETS}?limit=1`, { token: t.customer })).json
      .nextCursor as string;
    const projectsCursor = (await t.request('GET', '/api/v1/admin/projects?limit=1', { token: t.admin })).json
      .nextCursor as string;
    const portalsCursor = (await t.request('GET', '/api/v1/admin/portals?limit=1', { token: t.admin })).json
      .nextCursor as string;
    expect([ticketsCursor, projectsCursor, portalsCursor].every((c) => typeof c === 'string')).toBe(true);
    await expectRefused(`${TICKETS}?limit=1`, t.customer, projectsCursor);
    await expectRefused(`${TICKETS}?limit=1`, t.customer, portalsCursor);
    await expectRefused(`${TICKETS}/${t.ticketId}/messages?`, t.customer, ticketsCursor);
    await expectRefused('/api/v1/admin/projects?limit=1', t.admin, ticketsCursor);
    await expectRefused('/api/v1/admin/portals?limit=1', t.admin, projectsCursor);
  });

  it('refuses a stale cursor of another sort or order', async () => {
    const created = (await t.request('GET', `${TICKETS}?limit=1`, { token: t.customer })).json.nextCursor as string;
    await expectRefused(`${TICKETS}?limit=1&sort=updated`, t.customer, created);
    await expectRefused(`${TICKETS}?limit=1&order=asc`, t.customer, created);
    const adminCreated = (await t.request('GET', '/api/v1/admin/tickets?limit=1', { token: t.admin })).json
      .nextCursor as string;
    await expectRefused('/api/v1/admin/tickets?limit=1&sort=priority', t.admin, adminCreated);
  });

  it('still pages with the cursors it hands out', async () => {
    for (const { path, token } of [lists()[0]!, lists()[2]!, lists()[3]!]) {
      const first = await t.request('GET', path, { token });
      const second = await t.request('GET', `${path}&cursor=${encodeURIComponent(first.json.nextCursor as string)}`, {
        token,
      });
      expect(second.status, path).toBe(200);
      expect(second.json.items.length, path).toBeGreaterThan(0);
      expect(second.json.items[0]).not.toEqual(first.json.items[0]);
    }
  });
});
