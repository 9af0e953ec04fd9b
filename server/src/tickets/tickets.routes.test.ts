import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let typeId: string;
let alice: string;
let aliceToken: string;

beforeAll(async () => {
  t = await createTestContext();
  typeId = await t.world.ticketType('incident', 'Incident');
  const portal = await t.world.portal('acme', [typeId]);
  const org = await t.world.organization('Acme');
  alice = await t.world.user({ organizationId: org, name: 'Alice' });
  aliceToken = await t.signIn(alice, portal.id);
});
afterAll(() => t.close());

describe('customer tickets', () => {
  it('creates, lists and reads a ticket', async () => {
    const created = await t.request('POST', '/api/v1/portals/acme/tickets', {
      token: aliceToken,
      body: { typeId, title: 'Printer on fire', description: 'Smoke everywhere' },
    });
    expect(created.status).toBe(201);
    expect(created.json.title).toBe('Printer on fire');
    const list = await t.request('GET', '/api/v1/portals/acme/tickets', { token: aliceToken });
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { id: string }) => i.id)).toEqual([created.json.id]);
    const detail = await t.request('GET', `/api/v1/portals/acme/tickets/${created.json.id}`, { token: aliceToken });
    expect(detail.status).toBe(200);
    expect(detail.json.properties.map((p: { property: string }) => p.property)).toContain('status');
  });
});
