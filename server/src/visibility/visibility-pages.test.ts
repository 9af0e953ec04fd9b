import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestResponse } from '../testing/test-context.js';

type Page = { items: { id: string }[]; nextCursor: string | null };

/*
 * The list reads each visibility grant's first page from its own index and
 * merges them (visible-tickets.repository.ts). Paging through small pages must give
 * exactly the visible tickets, once each, in order, whatever the sort, even
 * when one ticket is granted several ways and the grants interleave in time.
 */

let t: TestContext;
let token: string;
const expected = new Set<string>();

beforeAll(async () => {
  t = await createTestContext();
  const typeId = await t.world.ticketType('incident');
  const portal = await t.world.portal('acme', [typeId]);
  const org = await t.world.organization('Acme');
  const other = await t.world.organization('Other');
  const alice = await t.world.user({ organizationId: org });
  const colleague = await t.world.user({ organizationId: org });
  const stranger = await t.world.user({ organizationId: other });
  const project = await t.world.project();
  await t.world.followProject(project, { userId: alice });
  const priorities = ['low', 'medium', 'high', 'urgent'];
  for (let i = 0; i < 40; i++) {
    // Cycle through the ways a ticket can be granted (or not), so every grant has tickets on every page.
    const way = i % 6;
    const requesterId = way === 0 ? alice : way === 1 || way === 2 ? colleague : stranger;
    const ticket = await t.world.ticket({
      typeId,
      requesterId,
      priority: priorities[i % 4]!,
      private: way === 2 || way === 5,
      projectId: way === 3 || way === 5 ? project : null,
      title: `Ticket ${i}`,
    });
    if (way === 4 && i % 12 === 4) await t.world.follow(ticket.id, alice);
    const visible = way === 0 || way === 1 || way === 3 || (way === 4 && i % 12 === 4);
    if (visible) expected.add(ticket.id);
    t.clock.advance(i % 3 === 0 ? 0 : 60_000);
  }
  token = await t.signIn(alice, portal.id);
});
afterAll(() => t.close());

async function allPages(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const res: TestResponse<Page> = await t.request<Page>(
      'GET',
      `/api/v1/portals/acme/tickets?limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(res.status).toBe(200);
    ids.push(...res.json.items.map((i) => i.id));
    cursor = res.json.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('too many pages');
}

describe('paging through the merged grants', () => {
  for (const sort of ['created', 'updated', 'priority', 'status']) {
    for (const order of ['desc', 'asc']) {
      it(`gives each visible ticket once, in order (sort=${sort}, order=${order})`, async () => {
        const paged = await allPages(`sort=${sort}&order=${order}`);
        expect(new Set(paged).size).toBe(paged.length);
        expect(new Set(paged)).toEqual(expected);
        const whole = await t.request<{ items: { id: string }[] }>(
          'GET',
          `/api/v1/portals/acme/tickets?limit=100&sort=${sort}&order=${order}`,
          { token },
        );
        expect(paged).toEqual(whole.json.items.map((i) => i.id));
      });
    }
  }

  it('keeps views and search inside the rule', async () => {
    const followed = await allPages('view=followed');
    expect(followed.length).toBeGreaterThan(0);
    expect(followed.every((id) => expected.has(id))).toBe(true);
    const search = await allPages('q=Ticket%201');
    expect(search.length).toBeGreaterThan(0);
    expect(search.every((id) => expected.has(id))).toBe(true);
  });
});
