// The bounded caches (lru-cache) hold only what their key alone decides: a
// portal config parsed from its stored text, a token's checked signature, a
// prepared statement, a compiled query plan. What a write changes is read from
// the database on every request, so a change is seen at once: these tests hold
// each cache warm, write, and ask again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeSessions } from '../auth/sessions.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';

let t: TestContext;
let admin: string;

beforeAll(async () => {
  t = await createTestContext();
  const typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId]);
  admin = await t.signIn(await t.world.user({ role: 'admin' }));
});
afterAll(() => t.close());

const portalName = async () => {
  const res = await t.request('GET', '/api/v1/portals/acme');
  expect(res.status).toBe(200);
  return (res.json as { name: string }).name;
};
const rename = async (name: string) => {
  expect((await t.request('PATCH', '/api/v1/admin/portals/acme', { token: admin, body: { name } })).status).toBe(200);
};

describe('bounded caches never serve a stale answer', () => {
  it('a portal config change is seen at once, also a change back to a config still cached', async () => {
    await rename('First name');
    expect(await portalName()).toBe('First name');
    expect(await portalName()).toBe('First name');
    await rename('Second name');
    expect(await portalName()).toBe('Second name');
    await rename('First name');
    expect(await portalName()).toBe('First name');
  });

  it('a revoked session is refused at once, though its signature was checked and remembered', async () => {
    const userId = await t.world.user({ email: 'rita@example.test' });
    const token = await t.signIn(userId);
    expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
    await revokeSessions(t.k, t.clock, { userId });
    expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('a changed user is seen at once by the session look-up (its query plan is reused, not its rows)', async () => {
    const org = await t.world.organization('Initech', 'initech.test');
    const userId = await t.world.user({ email: 'pete@example.test' });
    const token = await t.signIn(userId);
    const me = async () => (await t.request('GET', '/api/v1/me', { token })).json as { role: string };
    expect((await me()).role).toBe('customer');
    await t.k.updateTable('users').set({ role: 'agent', organization_id: org }).where('id', '=', userId).execute();
    expect((await me()).role).toBe('agent');
  });
});
