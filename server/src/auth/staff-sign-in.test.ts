import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/ids.js';
import { migrationProvider } from '../db/migrations/index.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { testDialect } from '../testing/test-db.js';
import {
  lastSignInMail,
  outboxCount,
  requestSignIn,
  sessionCookieOf,
  SIGN_IN_TEST_SETTINGS,
} from './auth.test-helpers.js';
import { safeNextPath } from './sign-in-links.js';

// Defect 7 of issue 8: staff sign in on the console, where no portal is involved (contract C2).

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext(SIGN_IN_TEST_SETTINGS);
  const typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId], { name: 'Acme Help', selfSignUp: true });
});
afterAll(() => t.close());

const form = (token: string, headers: Record<string, string> = {}) => ({
  body: `token=${encodeURIComponent(token)}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
});
const cookieHeader = (value: string) => ({ cookie: `__Host-tp_session=${value}` });
const start = (body: Record<string, unknown>) => t.request('POST', '/api/v1/auth/email/start', { body });
const verify = (body: Record<string, unknown>) => t.request('POST', '/api/v1/auth/email/verify', { body });

describe('staff sign-in without a portal', () => {
  it('emails an admin a code and a console link; the code signs in with the cookie, for the whole account', async () => {
    const boss = await t.world.user({ email: 'boss@example.test', name: 'Boss', role: 'admin' });
    const { code, token, mail } = await requestSignIn(t, null, 'Boss@Example.test');
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.subject).toBe('Your sign-in code for Tickets Portal');
    expect(mail.text_body).toContain('support console');
    const row = await t.k
      .selectFrom('login_tokens')
      .selectAll()
      .where('email', '=', 'boss@example.test')
      .executeTakeFirstOrThrow();
    expect(row.portal_id).toBeNull();
    expect(row.next_path).toBe('/console');
    expect(token.length).toBeGreaterThan(20);

    const res = await verify({ email: 'boss@example.test', code, channel: 'cookie' });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ id: boss, role: 'admin', email: 'boss@example.test', name: 'Boss' });
    expect(res.json.token).toBeNull();
    const cookie = sessionCookieOf(res.headers)!;
    expect(cookie).toBeTruthy();
    const me = await t.request('GET', '/api/v1/me', { headers: cookieHeader(cookie) });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: boss, role: 'admin', locale: 'en' });
    // Not bound to a portal: the admin API answers.
    const session = await t.k
      .selectFrom('sessions')
      .select(['portal_id', 'kind'])
      .where('user_id', '=', boss)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ portal_id: null, kind: 'cookie' });
    expect((await t.request('GET', '/api/v1/admin/portals', { headers: cookieHeader(cookie) })).status).toBe(200);

    // Row 13: signed out, the cookie no longer works.
    const out = await t.request('POST', '/api/v1/auth/logout', { headers: cookieHeader(cookie) });
    expect(out.status).toBe(204);
    expect((await t.request('GET', '/api/v1/me', { headers: cookieHeader(cookie) })).status).toBe(401);
  });

  it('agents get the mail too, in their language', async () => {
    await t.world.user({ email: 'agent.fr@example.test', role: 'agent', locale: 'fr' });
    const { mail, code } = await requestSignIn(t, null, 'agent.fr@example.test');
    expect(mail.subject).toBe('Votre code de connexion à Tickets Portal');
    expect(mail.text_body).toContain('console de support');
    expect((await verify({ email: 'agent.fr@example.test', code })).status).toBe(200);
  });

  it('row 8: a customer or unknown address gets no mail and exactly the same answer as staff', async () => {
    await t.world.user({ email: 'staff8@example.test', role: 'agent' });
    await t.world.user({ email: 'customer8@example.test' });
    const staff = await start({ email: 'staff8@example.test' });
    const customer = await start({ email: 'customer8@example.test' });
    const unknown = await start({ email: 'unknown8@example.test' });
    for (const res of [staff, customer, unknown]) {
      expect(res.status).toBe(202);
      expect(res.json).toEqual(staff.json);
    }
    expect(await outboxCount(t, 'staff8@example.test')).toBe(1);
    expect(await outboxCount(t, 'customer8@example.test')).toBe(0);
    // Self sign-up belongs to a portal: without one, nobody new is mailed or created.
    expect(await outboxCount(t, 'unknown8@example.test')).toBe(0);
    expect(
      await t.k.selectFrom('users').select('id').where('email', '=', 'unknown8@example.test').executeTakeFirst(),
    ).toBeUndefined();
  });

  it("a customer's code cannot be verified without its portal, and a staff code not through a portal", async () => {
    await t.world.user({ email: 'cust@example.test' });
    const customer = await requestSignIn(t, 'acme', 'cust@example.test');
    const without = await verify({ email: 'cust@example.test', code: customer.code });
    expect(without.status).toBe(400);
    expect(without.json.error.field).toBe('code');
    expect(sessionCookieOf(without.headers)).toBeNull();
    // Still good where it belongs (trying it without the portal spent none of its attempts there).
    expect((await verify({ portal: 'acme', email: 'cust@example.test', code: customer.code })).status).toBe(200);

    await t.world.user({ email: 'agent2@example.test', role: 'agent' });
    const staff = await requestSignIn(t, null, 'agent2@example.test');
    expect((await verify({ portal: 'acme', email: 'agent2@example.test', code: staff.code })).status).toBe(400);
    expect((await verify({ email: 'agent2@example.test', code: staff.code })).status).toBe(200);
  });

  it('a console code or link of someone who became a customer since signs nobody in', async () => {
    const demoted = await t.world.user({ email: 'demoted@example.test', role: 'agent' });
    const first = await requestSignIn(t, null, 'demoted@example.test');
    await t.k.updateTable('users').set({ role: 'customer' }).where('id', '=', demoted).execute();
    expect((await verify({ email: 'demoted@example.test', code: first.code })).status).toBe(400);
    await t.k.updateTable('users').set({ role: 'agent' }).where('id', '=', demoted).execute();
    const second = await requestSignIn(t, null, 'demoted@example.test');
    await t.k.updateTable('users').set({ role: 'customer' }).where('id', '=', demoted).execute();
    const post = await t.request('POST', '/auth/link', form(second.token));
    expect(post.status).toBe(400);
    expect(sessionCookieOf(post.headers)).toBeNull();
  });

  it('the emailed link opens a confirm page for the console; its POST sets the cookie and lands on /console', async () => {
    await t.world.user({ email: 'linked@example.test', role: 'admin', name: 'Linked' });
    const { token } = await requestSignIn(t, null, 'linked@example.test');
    const get = await t.request('GET', `/auth/link?token=${token}`);
    expect(get.status).toBe(200);
    expect(get.json).toContain('Continue to the support console?');
    expect(sessionCookieOf(get.headers)).toBeNull();
    const post = await t.request('POST', '/auth/link', form(token, { origin: 'https://support.example.test' }));
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/console');
    const me = await t.request('GET', '/api/v1/me', { headers: cookieHeader(sessionCookieOf(post.headers)!) });
    expect(me.json.name).toBe('Linked');
    // Row 7: once.
    expect((await t.request('POST', '/auth/link', form(token))).status).toBe(400);
  });

  it('row 10: the link keeps a next path under /console and ignores any other', async () => {
    const cases: [string, string][] = [
      ['/console/tickets/abc', '/console/tickets/abc'],
      ['/p/acme', '/console'],
      ['https://evil.example/console', '/console'],
      ['//evil.example', '/console'],
      ['/console/../p/acme', '/console'],
      ['/consoleevil', '/console'],
    ];
    for (const [i, [next, landing]] of cases.entries()) {
      // One address each: the per-address limit allows a handful of mails.
      await t.world.user({ email: `next${i}@example.test`, role: 'agent' });
      const { token } = await requestSignIn(t, null, `next${i}@example.test`, { next });
      const post = await t.request('POST', '/auth/link', form(token));
      expect(post.headers.get('location'), next).toBe(landing);
    }
    expect(safeNextPath('/console/tickets/1', null)).toBe('/console/tickets/1');
    expect(safeNextPath('/console/tickets/1', 'acme')).toBe('/p/acme');
  });

  it('row 7: codes without a portal are single use and locked after 5 wrong tries', async () => {
    await t.world.user({ email: 'tries@example.test', role: 'admin' });
    const { code } = await requestSignIn(t, null, 'tries@example.test');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1)
      expect((await verify({ email: 'tries@example.test', code: wrong })).status).toBe(400);
    expect((await verify({ email: 'tries@example.test', code })).status).toBe(400);

    const again = await requestSignIn(t, null, 'tries@example.test');
    expect((await verify({ email: 'tries@example.test', code: again.code })).status).toBe(200);
    expect((await verify({ email: 'tries@example.test', code: again.code })).status).toBe(400);
    t.clock.advance(60_000);
    const late = await requestSignIn(t, null, 'tries@example.test');
    t.clock.advance(10 * 60 * 1000 + 1);
    expect((await verify({ email: 'tries@example.test', code: late.code })).status).toBe(400);
  });

  it('row 9: the per-address limit holds without a portal (429, no more mail)', async () => {
    const limited = await createTestContext({ rateLimits: { startPerEmail: { limit: 2, windowSeconds: 900 } } });
    try {
      await limited.world.user({ email: 'busy@example.test', role: 'admin' });
      const ask = () => limited.request('POST', '/api/v1/auth/email/start', { body: { email: 'busy@example.test' } });
      expect((await ask()).status).toBe(202);
      expect((await ask()).status).toBe(202);
      const third = await ask();
      expect(third.status).toBe(429);
      expect(await outboxCount(limited, 'busy@example.test')).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('still refuses an unknown portal when one is named', async () => {
    expect((await start({ portal: 'nope', email: 'a@example.test' })).status).toBe(404);
    expect((await verify({ portal: 'nope', email: 'a@example.test', code: '123456' })).status).toBe(404);
  });

  it('keeps the sign-in mail of a customer through a portal as it was', async () => {
    await t.world.user({ email: 'portal.user@example.test' });
    await requestSignIn(t, 'acme', 'portal.user@example.test');
    const mail = await lastSignInMail(t, 'portal.user@example.test');
    expect(mail?.subject).toBe('Your sign-in code for Acme Help');
  });
});

describe('migration 0009', () => {
  it('makes login_tokens.portal_id nullable and keeps the rows already there', async () => {
    const schema =
      testDialect === 'postgres'
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(t.k)).rows[0]!.s
        : undefined;
    const migrator = new Migrator({
      db: t.k,
      provider: migrationProvider,
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const portal = await t.k.selectFrom('portals').select('id').executeTakeFirstOrThrow();
    const kept = newId();
    const row = (id: string, portalId: string | null) => ({
      id,
      portal_id: portalId,
      email: `${id}@example.test`,
      purpose: 'login',
      code_hash: null,
      link_hash: `h-${id}`,
      attempts: 0,
      created_at: '2026-01-01T00:00:00.000Z',
      expires_at: '2099-01-01T00:00:00.000Z',
      consumed_at: null,
      next_path: '/p/acme',
    });
    await t.k.insertInto('login_tokens').values(row(kept, portal.id)).execute();
    // Down to just before 0009, through any later migration.
    const down = await migrator.migrateTo('0008-host-sites');
    expect(down.error).toBeUndefined();
    expect(down.results?.every((r) => r.direction === 'Down' && r.status === 'Success')).toBe(true);
    expect(down.results?.at(-1)?.migrationName).toBe('0009-staff-sign-in');
    // Before 0009 a row needs a portal.
    await expect(
      sql`insert into login_tokens (id, portal_id, email, purpose, attempts, created_at, expires_at) values ('x', null, 'x@example.test', 'login', 0, 'a', 'b')`.execute(
        t.k,
      ),
    ).rejects.toThrow();
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const after = await t.k.selectFrom('login_tokens').selectAll().where('id', '=', kept).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ portal_id: portal.id, link_hash: `h-${kept}`, next_path: '/p/acme' });
    const orphan = newId();
    await t.k.insertInto('login_tokens').values(row(orphan, null)).execute();
    // The unique link hash and the portal's foreign key came through the rebuild.
    await expect(
      t.k
        .insertInto('login_tokens')
        .values({ ...row(newId(), null), link_hash: `h-${kept}` })
        .execute(),
    ).rejects.toThrow();
    await expect(t.k.insertInto('login_tokens').values(row(newId(), 'no-such-portal')).execute()).rejects.toThrow();
  });
});
