import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let adminToken: string;
let agentToken: string;
let customerToken: string;
let widgetToken: string;
let customerId: string;

/** One route of each admin resource, with a body where the route takes one. */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/v1/admin/portals'],
  ['POST', '/api/v1/admin/portals', { slug: 'x' }],
  ['PATCH', '/api/v1/admin/portals/acme', { name: 'X' }],
  ['DELETE', '/api/v1/admin/portals/acme'],
  ['GET', '/api/v1/admin/organizations'],
  ['POST', '/api/v1/admin/organizations', { name: 'X' }],
  ['GET', '/api/v1/admin/users'],
  ['POST', '/api/v1/admin/users', { email: 'x@example.test', name: 'X' }],
  ['GET', '/api/v1/admin/projects'],
  ['POST', '/api/v1/admin/projects', { name: 'X' }],
  ['GET', '/api/v1/admin/ticket-types'],
  ['POST', '/api/v1/admin/ticket-types', { key: 'x', name: 'X' }],
  ['GET', '/api/v1/admin/custom-fields'],
  ['POST', '/api/v1/admin/custom-fields', { key: 'x', label: 'X', type: 'text' }],
  ['GET', '/api/v1/admin/tickets'],
  ['GET', '/api/v1/admin/tickets/00000000-0000-0000-0000-000000000000'],
  ['POST', '/api/v1/admin/preview/00000000-0000-0000-0000-000000000000', { portal: 'acme' }],
];

beforeAll(async () => {
  t = await createTestContext();
  const typeId = await t.world.ticketType('incident');
  const portal = await t.world.portal('acme', [typeId]);
  adminToken = await t.signIn(await t.world.user({ role: 'admin' }));
  agentToken = await t.signIn(await t.world.user({ role: 'agent' }));
  customerId = await t.world.user();
  customerToken = await t.signIn(customerId);
  widgetToken = await t.signIn(await t.world.user({ role: 'agent' }), portal.id);
});
afterAll(() => t.close());

describe('admin API access', () => {
  it.each(ROUTES)('%s %s needs a session (401)', async (method, path, body) => {
    const res = await t.request(method, path, { body });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it.each(ROUTES)('%s %s refuses a customer (403)', async (method, path, body) => {
    const res = await t.request(method, path, { token: customerToken, body });
    expect(res.status).toBe(403);
  });

  it.each(ROUTES)('%s %s refuses a session bound to one portal, even a staff one (403)', async (method, path, body) => {
    const res = await t.request(method, path, { token: widgetToken, body });
    expect(res.status).toBe(403);
  });

  it('refuses a forged or garbage token with 401', async () => {
    expect((await t.request('GET', '/api/v1/admin/tickets', { token: 'abc.def.ghi' })).status).toBe(401);
    expect(
      (await t.request('GET', '/api/v1/admin/tickets', { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).status,
    ).toBe(401);
  });

  it('lets agents work but keeps portals, staff accounts, previews, projects and the catalog for admins', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/v1/admin/portals'],
      ['GET', '/api/v1/admin/portals/acme'],
      ['POST', '/api/v1/admin/portals', { slug: 'agent-portal' }],
      ['PATCH', '/api/v1/admin/portals/acme', { name: 'Hacked' }],
      ['DELETE', '/api/v1/admin/portals/acme'],
      ['POST', `/api/v1/admin/preview/${customerId}`, { portal: 'acme' }],
      ['POST', '/api/v1/admin/users', { email: 'new-agent@example.test', name: 'New agent', role: 'agent' }],
      ['POST', '/api/v1/admin/projects', { name: 'Agent project' }],
      ['POST', '/api/v1/admin/ticket-types', { key: 'agent_type', name: 'Agent type' }],
      ['POST', '/api/v1/admin/custom-fields', { key: 'agent_field', label: 'Agent field', kind: 'text' }],
    ] as [string, string, unknown?][]) {
      const res = await t.request(method, path, { token: agentToken, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // Nothing changed: the portal is still there with its name.
    const portal = await t.request('GET', '/api/v1/admin/portals/acme', { token: adminToken });
    expect(portal.json.config.name).toBe('acme');
    const users = await t.k.selectFrom('users').select('id').where('email', '=', 'new-agent@example.test').execute();
    expect(users).toEqual([]);
    expect(await t.k.selectFrom('projects').select('id').where('name', '=', 'Agent project').execute()).toEqual([]);
    expect(await t.k.selectFrom('ticket_types').select('id').where('key', '=', 'agent_type').execute()).toEqual([]);

    for (const path of ['organizations', 'users', 'projects', 'ticket-types', 'custom-fields', 'tickets']) {
      const res = await t.request('GET', `/api/v1/admin/${path}`, { token: agentToken });
      expect(res.status, path).toBe(200);
      expect(res.json).toHaveProperty('items');
      expect(res.json).toHaveProperty('nextCursor');
    }
  });

  it('describes the admin routes in the OpenAPI document', async () => {
    const doc = await t.request('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.json.paths);
    for (const path of [
      '/api/v1/admin/portals',
      '/api/v1/admin/portals/{slug}',
      '/api/v1/admin/organizations/{id}',
      '/api/v1/admin/users/{id}',
      '/api/v1/admin/projects/{id}/followers',
      '/api/v1/admin/ticket-types/{id}',
      '/api/v1/admin/custom-fields/{id}',
      '/api/v1/admin/tickets/{id}/messages',
      '/api/v1/admin/preview/{userId}',
    ]) {
      expect(paths).toContain(path);
    }
    const detail = doc.json.paths['/api/v1/admin/tickets/{id}'].get.responses['200'].content['application/json'].schema;
    expect(detail.$ref).toBe('#/components/schemas/AdminTicketDetail');
    expect(JSON.stringify(doc.json.components.schemas.AdminTicketDetail)).toContain('"messages"');
  });
});
