import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let admin: string;
let adminId: string;
let typeId: string;
let alice: string;
let colleague: string;
let aliceToken: string;
let ticketIds: { own: string; colleagues: string; privateOther: string };

beforeAll(async () => {
  t = await createTestContext();
  adminId = await t.world.user({ role: 'admin' });
  admin = await t.signIn(adminId);
  typeId = await t.world.ticketType('incident', 'Incident');
  const other = await t.world.ticketType('secret', 'Secret');
  const portal = await t.world.portal('acme', [typeId], {
    detailProperties: [
      { property: 'status', editable: false },
      { property: 'priority', editable: true },
    ],
  });
  await t.world.portal('other', [typeId]);
  const org = await t.world.organization('Acme');
  alice = await t.world.user({ organizationId: org, name: 'Alice' });
  colleague = await t.world.user({ organizationId: org, name: 'Colleague' });
  const stranger = await t.world.user({ name: 'Stranger' });
  aliceToken = await t.signIn(alice, portal.id);
  const own = await t.world.ticket({ typeId, requesterId: alice, title: 'Mine' });
  const colleagues = await t.world.ticket({ typeId, requesterId: colleague, title: 'Shared in org' });
  const privateOther = await t.world.ticket({ typeId, requesterId: colleague, title: 'Private', private: true });
  await t.world.ticket({ typeId, requesterId: stranger, title: 'Stranger' });
  await t.world.ticket({ typeId: other, requesterId: alice, title: 'Invisible type' });
  ticketIds = { own: own.id, colleagues: colleagues.id, privateOther: privateOther.id };
  await t.request('POST', `/api/v1/admin/tickets/${own.id}/messages`, { token: admin, body: { body: 'Hello Alice' } });
  await t.request('POST', `/api/v1/admin/tickets/${own.id}/messages`, {
    token: admin,
    body: { body: 'internal', internal: true },
  });
});
afterAll(() => t.close());

async function previewToken(userId = alice, portal = 'acme'): Promise<string> {
  const res = await t.request('POST', `/api/v1/admin/preview/${userId}`, { token: admin, body: { portal } });
  expect(res.status).toBe(201);
  return res.json.token as string;
}

describe('preview as customer', () => {
  it('mints a preview session for the admin, borrowing the customer', async () => {
    const res = await t.request('POST', `/api/v1/admin/preview/${alice}`, { token: admin, body: { portal: 'acme' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ portal: 'acme', user: { id: alice, name: 'Alice' }, token: expect.any(String) });
    const session = await t.k
      .selectFrom('sessions')
      .selectAll()
      .where('kind', '=', 'preview')
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ user_id: adminId, preview_user_id: alice });
    const portal = await t.k.selectFrom('portals').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
    expect(session.portal_id).toBe(portal.id);
  });

  it('lists and shows exactly what the customer sees', async () => {
    const preview = await previewToken();
    for (const path of [
      '/tickets',
      '/tickets?view=my_open',
      '/tickets?q=shared',
      '/tickets?sort=priority',
      `/tickets/${ticketIds.own}/messages`,
      `/tickets/${ticketIds.own}/followers`,
    ]) {
      const own = await t.request('GET', `/api/v1/portals/acme${path}`, { token: aliceToken });
      const seen = await t.request('GET', `/api/v1/portals/acme${path}`, { token: preview });
      expect(seen.status, path).toBe(200);
      expect(seen.json, path).toEqual(own.json);
    }
    const list = await t.request('GET', '/api/v1/portals/acme/tickets', { token: preview });
    expect(list.json.items.map((i: { title: string }) => i.title).sort()).toEqual(['Mine', 'Shared in org']);
    const messages = await t.request('GET', `/api/v1/portals/acme/tickets/${ticketIds.own}/messages`, {
      token: preview,
    });
    expect(messages.json.items.map((m: { body: string }) => m.body)).toEqual(['Hello Alice']);

    for (const id of [ticketIds.own, ticketIds.colleagues]) {
      const own = await t.request('GET', `/api/v1/portals/acme/tickets/${id}`, { token: aliceToken });
      const seen = await t.request('GET', `/api/v1/portals/acme/tickets/${id}`, { token: preview });
      expect(seen.status).toBe(200);
      // Identical but for the flags that would offer changes: a preview offers none.
      const readOnly = {
        ...own.json,
        canManage: false,
        properties: own.json.properties.map((p: { editable: boolean }) => ({ ...p, editable: false })),
      };
      expect(seen.json).toEqual(readOnly);
    }
    const mine = await t.request('GET', `/api/v1/portals/acme/tickets/${ticketIds.own}`, { token: aliceToken });
    expect(mine.json.canManage).toBe(true);
    expect(mine.json.properties.find((p: { property: string }) => p.property === 'priority').editable).toBe(true);

    // What the customer may not see stays hidden from the preview too.
    expect(
      (await t.request('GET', `/api/v1/portals/acme/tickets/${ticketIds.privateOther}`, { token: preview })).status,
    ).toBe(404);
  });

  it('refuses every change with 403 and changes nothing', async () => {
    const preview = await previewToken();
    const base = `/api/v1/portals/acme/tickets/${ticketIds.own}`;
    const before = await t.k.selectFrom('tickets').selectAll().orderBy('id').execute();
    const messagesBefore = await t.k.selectFrom('messages').select('id').execute();
    for (const [method, path, body] of [
      ['POST', '/api/v1/portals/acme/tickets', { typeId, title: 'From preview' }],
      ['PATCH', base, { priority: 'high' }],
      ['POST', `${base}/close`],
      ['POST', `${base}/reopen`],
      ['POST', `${base}/messages`, { body: 'Sneaky' }],
      ['POST', `${base}/followers`, { email: 'someone@example.test' }],
      ['DELETE', `${base}/followers/${colleague}`],
      ['PATCH', `/api/v1/portals/acme/tickets/${ticketIds.colleagues}`, { priority: 'high' }],
    ] as [string, string, unknown?][]) {
      const res = await t.request(method, path, { token: preview, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await t.k.selectFrom('tickets').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await t.k.selectFrom('messages').select('id').execute()).toEqual(messagesBefore);
    expect(
      await t.k.selectFrom('users').select('id').where('email', '=', 'someone@example.test').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('is limited to its portal and opens no admin route', async () => {
    const preview = await previewToken();
    expect((await t.request('GET', '/api/v1/portals/other/tickets', { token: preview })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/admin/tickets', { token: preview })).status).toBe(403);
    expect(
      (await t.request('POST', `/api/v1/admin/preview/${alice}`, { token: preview, body: { portal: 'acme' } })).status,
    ).toBe(403);
  });

  it('previews customers only, of an existing enabled portal', async () => {
    const agentId = await t.world.user({ role: 'agent' });
    const notCustomer = await t.request('POST', `/api/v1/admin/preview/${agentId}`, {
      token: admin,
      body: { portal: 'acme' },
    });
    expect(notCustomer.status).toBe(400);
    expect(notCustomer.json.error.field).toBe('userId');
    expect(
      (await t.request('POST', '/api/v1/admin/preview/nope', { token: admin, body: { portal: 'acme' } })).status,
    ).toBe(404);
    const noPortal = await t.request('POST', `/api/v1/admin/preview/${alice}`, {
      token: admin,
      body: { portal: 'nope' },
    });
    expect(noPortal.status).toBe(400);
    expect(noPortal.json.error.field).toBe('portal');
    const missing = await t.request('POST', `/api/v1/admin/preview/${alice}`, { token: admin, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.field).toBe('portal');
    await t.request('PATCH', '/api/v1/admin/portals/other', { token: admin, body: { enabled: false } });
    const disabled = await t.request('POST', `/api/v1/admin/preview/${alice}`, {
      token: admin,
      body: { portal: 'other' },
    });
    expect(disabled.status).toBe(400);
    expect(disabled.json.error.field).toBe('portal');
  });
});
