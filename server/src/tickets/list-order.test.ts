import { describe, expect, it } from 'vitest';
import { useTestContext } from '../testing/use-test-context.js';
import { STATUSES } from './ticket-fields.js';

// C5: `order=asc|desc` on the customer list and the admin list, with per-sort
// defaults, and cursors that only work in the order they came from.

const t = useTestContext(async (t) => {
  const typeId = await t.world.ticketType('incident');
  const portal = await t.world.portal('acme', [typeId]);
  const alice = await t.world.user({ email: 'alice@example.test' });
  const admin = await t.world.user({ role: 'admin', email: 'admin@example.test' });
  const customerToken = await t.signIn(alice, portal.id);
  const adminToken = await t.signIn(admin);
  // Created in an order that is neither the status order nor its reverse.
  for (const status of ['closed', 'open', 'resolved', 'in_progress', 'waiting', 'open', 'closed']) {
    const ticket = await t.world.ticket({ typeId, requesterId: alice, title: status });
    await t.k.updateTable('tickets').set({ status }).where('id', '=', ticket.id).execute();
  }
  return { customerToken, adminToken };
});

const LISTS = [
  { name: 'customer list', path: '/api/v1/portals/acme/tickets', token: () => t.customerToken },
  { name: 'admin list', path: '/api/v1/admin/tickets', token: () => t.adminToken },
];

for (const list of LISTS) {
  describe(list.name, () => {
    const get = (query: string) => t.request('GET', `${list.path}${query}`, { token: list.token() });
    const statuses = async (query: string) => {
      const res = await get(query);
      expect(res.status, query).toBe(200);
      return res.json.items.map((i: { status: string }) => i.status) as string[];
    };
    const rank = (s: string) => STATUSES.indexOf(s as (typeof STATUSES)[number]);

    it('sorts by status in workflow order by default (open first), and reversed with order=desc', async () => {
      const asc = await statuses('?sort=status');
      expect(asc).toEqual(['open', 'open', 'in_progress', 'waiting', 'resolved', 'closed', 'closed']);
      expect(await statuses('?sort=status&order=asc')).toEqual(asc);
      const desc = await statuses('?sort=status&order=desc');
      expect(desc.map(rank)).toEqual([...asc].reverse().map(rank));
    });

    it('sorts created newest first by default, oldest first with order=asc', async () => {
      const created = async (query: string) =>
        ((await get(query)).json.items as { createdAt: string }[]).map((i) => i.createdAt);
      const desc = await created('');
      expect(desc).toEqual([...desc].sort().reverse());
      expect(await created('?sort=created&order=desc')).toEqual(desc);
      expect(await created('?order=asc')).toEqual([...desc].reverse());
    });

    it('pages each sort both ways without gaps or repeats', async () => {
      for (const sort of ['created', 'updated', 'priority', 'status']) {
        for (const order of ['', '&order=asc', '&order=desc']) {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const res = await get(
              `?sort=${sort}${order}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            );
            expect(res.status).toBe(200);
            seen.push(...res.json.items.map((i: { id: string }) => i.id));
            cursor = res.json.nextCursor;
          } while (cursor);
          const whole = (await get(`?sort=${sort}${order}&limit=100`)).json.items.map((i: { id: string }) => i.id);
          expect(seen, `${sort}${order}`).toEqual(whole);
        }
      }
    });

    it('refuses a cursor from another order or sort with a 400 naming cursor', async () => {
      const first = await get('?sort=status&order=asc&limit=2');
      const cursor = encodeURIComponent(first.json.nextCursor as string);
      expect((await get(`?sort=status&cursor=${cursor}&limit=2`)).status).toBe(200); // the default is asc
      for (const query of [`?sort=status&order=desc&cursor=${cursor}`, `?sort=priority&order=asc&cursor=${cursor}`]) {
        const res = await get(query);
        expect(res.status, query).toBe(400);
        expect(res.json.error.field).toBe('cursor');
        expect(res.json.error.message).toBe('cursor: belongs to another sort or order; start again without it.');
      }
      const created = await get('?limit=2');
      const createdCursor = encodeURIComponent(created.json.nextCursor as string);
      expect((await get(`?order=asc&cursor=${createdCursor}`)).status).toBe(400);
      expect((await get(`?sort=updated&cursor=${createdCursor}`)).status).toBe(400);
    });
  });
}
