import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../app-env.js';
import { handleError } from '../http/errors.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { requestSignIn, sessionCookieOf, SIGN_IN_TEST_SETTINGS } from './auth.test-helpers.js';
import { requireViewer } from './require-viewer.js';
import { mintSession } from './sessions.js';

let t: TestContext;
let portalId: string;

beforeAll(async () => {
  t = await createTestContext(SIGN_IN_TEST_SETTINGS);
  const typeId = await t.world.ticketType('incident');
  portalId = (await t.world.portal('acme', [typeId])).id;
  await t.world.portal('beta', [typeId]);
});
afterAll(() => t.close());

/** Signs `email` in through the widget (code) and returns the token pair. */
async function widgetSignIn(email: string) {
  const { code } = await requestSignIn(t, 'acme', email);
  const res = await t.request('POST', '/api/v1/auth/email/verify', { body: { portal: 'acme', email, code } });
  expect(res.status).toBe(200);
  return res.json as { token: string; refreshToken: string; expiresAt: string; user: { id: string } };
}

/** Signs `email` in through the emailed link and returns the cookie header. */
async function cookieSignIn(email: string) {
  const { token } = await requestSignIn(t, 'acme', email);
  const res = await t.request('POST', '/auth/link', {
    body: `token=${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status).toBe(303);
  return { cookie: `__Host-tp_session=${sessionCookieOf(res.headers)}` };
}

const me = (auth: { token?: string; headers?: Record<string, string> }) => t.request('GET', '/api/v1/me', auth);

describe('sessions', () => {
  it('a widget token lives about 15 minutes and is renewed by a rotating refresh token', async () => {
    await t.world.user({ email: 'w1@example.test' });
    const pair = await widgetSignIn('w1@example.test');
    const lifetime = Date.parse(pair.expiresAt) - t.clock.now().getTime();
    expect(lifetime).toBeGreaterThan(14 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60 * 1000);
    expect((await me({ token: pair.token })).status).toBe(200);
    t.clock.advance(16 * 60 * 1000);
    expect((await me({ token: pair.token })).status).toBe(401);
    const renewed = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } });
    expect(renewed.status).toBe(200);
    expect(renewed.json.refreshToken).not.toBe(pair.refreshToken);
    expect((await me({ token: renewed.json.token })).status).toBe(200);
    // Still limited to its portal.
    expect((await t.request('GET', '/api/v1/portals/beta/tickets', { token: renewed.json.token })).status).toBe(401);
    const again = await t.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: renewed.json.refreshToken },
    });
    expect(again.status).toBe(200);
  });

  it('reusing an old refresh token revokes the whole session', async () => {
    await t.world.user({ email: 'w2@example.test' });
    const pair = await widgetSignIn('w2@example.test');
    const renewed = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } });
    expect(renewed.status).toBe(200);
    const stolen = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } });
    expect(stolen.status).toBe(401);
    // Both the thief's and the owner's tokens are dead now.
    expect((await me({ token: renewed.json.token })).status).toBe(401);
    expect(
      (await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: renewed.json.refreshToken } })).status,
    ).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'made-up' } })).status).toBe(401);
  });

  it('stores refresh tokens only as hashes', async () => {
    await t.world.user({ email: 'w3@example.test' });
    const pair = await widgetSignIn('w3@example.test');
    const rows = await t.k.selectFrom('refresh_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(pair.refreshToken);
  });

  it('row 13: after sign-out the old token is refused (bearer and refresh)', async () => {
    await t.world.user({ email: 'out@example.test' });
    const pair = await widgetSignIn('out@example.test');
    const out = await t.request('POST', '/api/v1/auth/logout', { token: pair.token });
    expect(out.status).toBe(204);
    expect((await me({ token: pair.token })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/portals/acme/tickets', { token: pair.token })).status).toBe(401);
    expect(
      (await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })).status,
    ).toBe(401);
  });

  it('row 13: after sign-out the old cookie is refused and the cookie is cleared', async () => {
    await t.world.user({ email: 'cookie-out@example.test' });
    const headers = await cookieSignIn('cookie-out@example.test');
    expect((await me({ headers })).status).toBe(200);
    const out = await t.request('POST', '/api/v1/auth/logout', { headers, body: {} });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join('\n')).toMatch(/__Host-tp_session=; Max-Age=0/);
    expect((await me({ headers })).status).toBe(401);
  });

  it('row 13: sign out everywhere ends every session of the account at once', async () => {
    await t.world.user({ email: 'all@example.test' });
    const a = await widgetSignIn('all@example.test');
    const b = await widgetSignIn('all@example.test');
    const c = await cookieSignIn('all@example.test');
    const other = await t.world.user({ email: 'bystander@example.test' });
    const bystander = await t.signIn(other, portalId);
    const out = await t.request('POST', '/api/v1/auth/logout', { token: a.token, body: { everywhere: true } });
    expect(out.status).toBe(204);
    expect((await me({ token: a.token })).status).toBe(401);
    expect((await me({ token: b.token })).status).toBe(401);
    expect((await me({ headers: c })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: b.refreshToken } })).status).toBe(
      401,
    );
    expect((await me({ token: bystander })).status).toBe(200);
  });

  it('sign-out without a session still answers 204', async () => {
    expect((await t.request('POST', '/api/v1/auth/logout')).status).toBe(204);
  });

  it('a preview session signing out everywhere ends the admin’s sessions, not the customer’s', async () => {
    const admin = await t.world.user({ role: 'admin' });
    const customer = await t.world.user();
    const customerToken = await t.signIn(customer, portalId);
    const { token } = await mintSession(t.k, t.deps.secret, t.clock, {
      userId: admin,
      kind: 'preview',
      previewUserId: customer,
      ttlSeconds: 600,
    });
    expect((await t.request('POST', '/api/v1/auth/logout', { token, body: { everywhere: true } })).status).toBe(204);
    expect((await me({ token: customerToken })).status).toBe(200);
    expect((await me({ token })).status).toBe(401);
  });

  it('a tampered or foreign token is refused', async () => {
    await t.world.user({ email: 'tamper@example.test' });
    const pair = await widgetSignIn('tamper@example.test');
    const [h, p, s] = pair.token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, aud: 'account' })).toString('base64url')}.${s}`;
    expect((await me({ token: forged })).status).toBe(401);
  });

  it('staff sign-ins pass the admin guard; customer and preview sessions do not', async () => {
    const probe = new OpenAPIHono<AppEnv>();
    probe.onError(handleError);
    probe.use('*', async (c, next) => {
      c.set('deps', t.deps);
      await next();
    });
    probe.get('/admin-probe', requireViewer({ staff: true }), (c) => c.json({ role: c.var.viewer.role }));
    await t.world.user({ email: 'boss@example.test', role: 'admin' });
    const widget = await widgetSignIn('boss@example.test');
    const cookie = await cookieSignIn('boss@example.test');
    expect((await probe.request('/admin-probe', { headers: { authorization: `Bearer ${widget.token}` } })).status).toBe(
      200,
    );
    expect((await probe.request('/admin-probe', { headers: cookie })).status).toBe(200);
    await t.world.user({ email: 'cust@example.test' });
    const customer = await widgetSignIn('cust@example.test');
    expect(
      (await probe.request('/admin-probe', { headers: { authorization: `Bearer ${customer.token}` } })).status,
    ).toBe(403);
  });
});

describe('/me', () => {
  it('shows and changes your name and language', async () => {
    const user = await t.world.user({ email: 'me@example.test', name: 'Old' });
    const token = await t.signIn(user, portalId);
    const shown = await me({ token });
    expect(shown.json).toMatchObject({
      id: user,
      email: 'me@example.test',
      name: 'Old',
      locale: 'en',
      role: 'customer',
    });
    const changed = await t.request('PATCH', '/api/v1/me', { token, body: { name: '  New Name ', locale: 'fr' } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ name: 'New Name', locale: 'fr' });
    expect((await me({ token })).json.locale).toBe('fr');
  });

  it('refuses other languages, control characters in names and unknown fields', async () => {
    const token = await t.signIn(await t.world.user(), portalId);
    const locale = await t.request('PATCH', '/api/v1/me', { token, body: { locale: 'de' } });
    expect(locale.status).toBe(400);
    expect(locale.json.error.field).toBe('locale');
    const name = await t.request('PATCH', '/api/v1/me', { token, body: { name: 'Eve\r\nBcc: all@example.test' } });
    expect(name.status).toBe(400);
    expect(name.json.error.field).toBe('name');
    const role = await t.request('PATCH', '/api/v1/me', { token, body: { role: 'admin' } });
    expect(role.status).toBe(400);
    expect(role.json.error.field).toBe('role');
    expect((await me({})).status).toBe(401);
  });

  it('a preview session may read but not change', async () => {
    const admin = await t.world.user({ role: 'admin' });
    const customer = await t.world.user({ name: 'Previewed' });
    const { token } = await mintSession(t.k, t.deps.secret, t.clock, {
      userId: admin,
      kind: 'preview',
      previewUserId: customer,
      ttlSeconds: 600,
    });
    expect((await me({ token })).json.name).toBe('Previewed');
    expect((await t.request('PATCH', '/api/v1/me', { token, body: { name: 'Hacked' } })).status).toBe(403);
  });
});
