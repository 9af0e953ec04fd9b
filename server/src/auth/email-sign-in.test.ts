import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import {
  lastSignInMail,
  outboxCount,
  requestSignIn,
  sessionCookieOf,
  SIGN_IN_TEST_SETTINGS,
} from './auth.test-helpers.js';
import { safeNextPath } from './sign-in-links.js';

let t: TestContext;
let portalId: string;

beforeAll(async () => {
  t = await createTestContext(SIGN_IN_TEST_SETTINGS);
  const typeId = await t.world.ticketType('incident');
  portalId = (await t.world.portal('acme', [typeId], { name: 'Acme Help' })).id;
  await t.world.portal('closed', [typeId], { selfSignUp: false });
});
afterAll(() => t.close());

const form = (token: string) => ({
  body: `token=${encodeURIComponent(token)}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('email sign-in', () => {
  it('emails a 6-digit code and a link, stores only hashes, and signs in with the code', async () => {
    const alice = await t.world.user({ email: 'alice@example.test', name: 'Alice' });
    const { code, token, link, mail } = await requestSignIn(t, 'acme', 'Alice@Example.test');
    expect(code).toMatch(/^\d{6}$/);
    expect(link).toBe(`https://support.example.test/auth/link?token=${token}`);
    expect(mail.subject).toContain('Acme Help');
    expect(mail.html_body).toContain(code);
    // ≥128-bit token; neither the code nor the token is stored as such.
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const row = await t.k
      .selectFrom('login_tokens')
      .selectAll()
      .where('email', '=', 'alice@example.test')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.portal_id).toBe(portalId);
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBeLessThanOrEqual(10 * 60 * 1000);

    const res = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'alice@example.test', code },
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ id: alice, name: 'Alice', role: 'customer' });
    expect(typeof res.json.token).toBe('string');
    expect(typeof res.json.refreshToken).toBe('string');
    const list = await t.request('GET', '/api/v1/portals/acme/tickets', { token: res.json.token });
    expect(list.status).toBe(200);
    // A widget token is limited to its portal.
    const other = await t.request('GET', '/api/v1/portals/closed/tickets', { token: res.json.token });
    expect(other.status).toBe(401);
  });

  it('writes the email in French for a French-speaking user', async () => {
    await t.world.user({ email: 'fr@example.test', locale: 'fr' });
    const { mail } = await requestSignIn(t, 'acme', 'fr@example.test');
    expect(mail.subject).toBe('Votre code de connexion à Acme Help');
    expect(mail.html_body).toContain('lang="fr"');
  });

  it('row 7: a code used twice is refused', async () => {
    await t.world.user({ email: 'twice@example.test' });
    const { code } = await requestSignIn(t, 'acme', 'twice@example.test');
    const body = { portal: 'acme', email: 'twice@example.test', code };
    expect((await t.request('POST', '/api/v1/auth/email/verify', { body })).status).toBe(200);
    const again = await t.request('POST', '/api/v1/auth/email/verify', { body });
    expect(again.status).toBe(400);
    expect(again.json.error.field).toBe('code');
  });

  it('row 7: a link used twice is refused (JSON and confirm-page forms)', async () => {
    await t.world.user({ email: 'link2@example.test' });
    const { token } = await requestSignIn(t, 'acme', 'link2@example.test');
    expect((await t.request('POST', '/api/v1/auth/email/verify', { body: { token } })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/email/verify', { body: { token } })).status).toBe(400);
    const page = await t.request('POST', '/auth/link', form(token));
    expect(page.status).toBe(400);
    expect(sessionCookieOf(page.headers)).toBeNull();
  });

  it('row 7: the link signs in once through the page; the code of the same email is then spent too', async () => {
    await t.world.user({ email: 'both@example.test' });
    const { token, code } = await requestSignIn(t, 'acme', 'both@example.test');
    expect((await t.request('POST', '/auth/link', form(token))).status).toBe(303);
    expect((await t.request('POST', '/auth/link', form(token))).status).toBe(400);
    const viaCode = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'both@example.test', code },
    });
    expect(viaCode.status).toBe(400);
  });

  it('row 7: an expired code or link is refused', async () => {
    await t.world.user({ email: 'late@example.test' });
    const { token, code } = await requestSignIn(t, 'acme', 'late@example.test');
    t.clock.advance(10 * 60 * 1000 + 1);
    expect(
      (
        await t.request('POST', '/api/v1/auth/email/verify', {
          body: { portal: 'acme', email: 'late@example.test', code },
        })
      ).status,
    ).toBe(400);
    expect((await t.request('POST', '/api/v1/auth/email/verify', { body: { token } })).status).toBe(400);
    expect((await t.request('GET', `/auth/link?token=${token}`)).status).toBe(400);
  });

  it('row 7: after 5 wrong codes even the right code is refused', async () => {
    await t.world.user({ email: 'guess@example.test' });
    const { code } = await requestSignIn(t, 'acme', 'guess@example.test');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      const res = await t.request('POST', '/api/v1/auth/email/verify', {
        body: { portal: 'acme', email: 'guess@example.test', code: wrong },
      });
      expect(res.status).toBe(400);
    }
    const right = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'guess@example.test', code },
    });
    expect(right.status).toBe(400);
  });

  it('row 7: 4 wrong codes still leave the 5th try to the right code', async () => {
    await t.world.user({ email: 'typo@example.test' });
    const { code } = await requestSignIn(t, 'acme', 'typo@example.test');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i += 1) {
      await t.request('POST', '/api/v1/auth/email/verify', {
        body: { portal: 'acme', email: 'typo@example.test', code: wrong },
      });
    }
    const right = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'typo@example.test', code },
    });
    expect(right.status).toBe(200);
  });

  it('row 7: a code is bound to its portal and only the newest code works', async () => {
    await t.world.user({ email: 'bound@example.test' });
    const first = await requestSignIn(t, 'acme', 'bound@example.test');
    const second = await requestSignIn(t, 'acme', 'bound@example.test');
    const elsewhere = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'closed', email: 'bound@example.test', code: second.code },
    });
    expect(elsewhere.status).toBe(400);
    if (first.code !== second.code) {
      const old = await t.request('POST', '/api/v1/auth/email/verify', {
        body: { portal: 'acme', email: 'bound@example.test', code: first.code },
      });
      expect(old.status).toBe(400);
    }
    const ok = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'bound@example.test', code: second.code },
    });
    expect(ok.status).toBe(200);
  });

  it('row 8: known and unknown addresses get the same status and body; no mail for unknown without self sign-up', async () => {
    await t.world.user({ email: 'known@example.test' });
    const known = await t.request('POST', '/api/v1/auth/email/start', {
      body: { portal: 'closed', email: 'known@example.test' },
    });
    const before = await outboxCount(t);
    const unknown = await t.request('POST', '/api/v1/auth/email/start', {
      body: { portal: 'closed', email: 'nobody@example.test' },
    });
    expect(unknown.status).toBe(known.status);
    expect(unknown.status).toBe(202);
    expect(unknown.json).toEqual(known.json);
    expect(await outboxCount(t)).toBe(before);
    expect(await outboxCount(t, 'nobody@example.test')).toBe(0);
    expect(await outboxCount(t, 'known@example.test')).toBe(1);
  });

  it('row 8: with self sign-up an unknown address gets mail and becomes a customer of the organization claiming its domain', async () => {
    const org = await t.world.organization('Globex', 'globex.test');
    const { code } = await requestSignIn(
      t,
      'acme',
      'new.person@globex.test',
      {},
      { 'accept-language': 'fr-FR,fr;q=0.9' },
    );
    // Nothing is created before the address is proven.
    expect(
      await t.k.selectFrom('users').select('id').where('email', '=', 'new.person@globex.test').executeTakeFirst(),
    ).toBeUndefined();
    const res = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'new.person@globex.test', code },
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({
      email: 'new.person@globex.test',
      role: 'customer',
      organizationId: org,
      name: 'new.person',
    });
  });

  it('row 8: a wrong code answers the same for known and unknown addresses', async () => {
    await t.world.user({ email: 'k2@example.test' });
    await requestSignIn(t, 'acme', 'k2@example.test');
    const known = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'k2@example.test', code: '123456' },
    });
    const unknown = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'zz@example.test', code: '123456' },
    });
    // The code may be right by chance one in a million times; then the known one signs in.
    if (known.status === 400) expect(unknown.json).toEqual(known.json);
    expect(unknown.status).toBe(400);
  });

  it('opening the link (GET) shows a confirm page and spends nothing; only its POST signs in with the cookie', async () => {
    await t.world.user({ email: 'page@example.test', name: 'Page' });
    const { token } = await requestSignIn(t, 'acme', 'page@example.test', { next: '/p/acme/tickets/abc' });
    for (let i = 0; i < 2; i += 1) {
      const get = await t.request('GET', `/auth/link?token=${token}`);
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toContain('text/html');
      expect(get.json).toContain('<form method="post" action="/auth/link">');
      // No script and no inline style attribute; its one stylesheet is allowed by hash (link-page.test.ts).
      expect(get.json).not.toMatch(/<script|style=/);
      expect(get.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(get.headers.get('referrer-policy')).toBe('strict-origin');
      expect(get.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(sessionCookieOf(get.headers)).toBeNull();
    }
    const post = await t.request('POST', '/auth/link', form(token));
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/p/acme/tickets/abc');
    const setCookie = post.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/__Host-tp_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    const cookie = sessionCookieOf(post.headers)!;
    const me = await t.request('GET', '/api/v1/me', { headers: { cookie: `__Host-tp_session=${cookie}` } });
    expect(me.status).toBe(200);
    expect(me.json.name).toBe('Page');
  });

  it('refuses a link posted from another site (login CSRF)', async () => {
    await t.world.user({ email: 'csrf@example.test' });
    const { token } = await requestSignIn(t, 'acme', 'csrf@example.test');
    const res = await t.request('POST', '/auth/link', {
      ...form(token),
      headers: { ...form(token).headers, origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const ok = await t.request('POST', '/auth/link', {
      ...form(token),
      headers: { ...form(token).headers, origin: 'https://support.example.test' },
    });
    expect(ok.status).toBe(303);
  });

  it('row 10: a next pointing to another site is ignored', async () => {
    await t.world.user({ email: 'next@example.test' });
    for (const next of [
      'https://evil.example/p/acme',
      '//evil.example',
      '/p/acme/../../evil',
      '/p/acmeevil',
      '/\\evil.example',
    ]) {
      const { token } = await requestSignIn(t, 'acme', 'next@example.test', { next });
      const post = await t.request('POST', '/auth/link', form(token));
      expect(post.status).toBe(303);
      expect(post.headers.get('location')).toBe('/p/acme');
    }
  });

  it('row 10: safeNextPath keeps only plain paths inside the portal', () => {
    const keep = ['/p/acme', '/p/acme/tickets/1f2e', '/p/acme?view=my_open', '/p/acme/tickets/x?tab=messages'];
    for (const next of keep) expect(safeNextPath(next, 'acme')).toBe(next);
    const drop = [
      undefined,
      '',
      'https://evil.example',
      '//evil.example/p/acme',
      '/p/acme//evil.example',
      '/p/acme/..',
      '/p/acme/../../x',
      '/p/acme/%2e%2e/x',
      '/p/acme/%2F%2Fevil',
      '/p/acmex',
      '/p/other/tickets',
      'javascript:alert(1)',
      '/p/acme/\\evil',
      '/p/acme/ x',
      '/p/acme@evil.example',
      `/p/acme/${'a'.repeat(600)}`,
    ];
    for (const next of drop) expect(safeNextPath(next, 'acme')).toBe('/p/acme');
  });

  it('rejects malformed bodies with a 400 naming the field', async () => {
    const bad = await t.request('POST', '/api/v1/auth/email/start', {
      body: { portal: 'acme', email: 'not-an-email' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('email');
    const extra = await t.request('POST', '/api/v1/auth/email/start', {
      body: { portal: 'acme', email: 'a@b.test', admin: true },
    });
    expect(extra.status).toBe(400);
    const unknownPortal = await t.request('POST', '/api/v1/auth/email/start', {
      body: { portal: 'nope', email: 'a@b.test' },
    });
    expect(unknownPortal.status).toBe(404);
  });

  it('agents sign in the same way and get a session for the whole account', async () => {
    const agent = await t.world.user({ email: 'agent@example.test', role: 'agent' });
    const { code } = await requestSignIn(t, 'acme', 'agent@example.test');
    const res = await t.request('POST', '/api/v1/auth/email/verify', {
      body: { portal: 'acme', email: 'agent@example.test', code },
    });
    expect(res.status).toBe(200);
    const session = await t.k
      .selectFrom('sessions')
      .select(['portal_id', 'user_id'])
      .where('user_id', '=', agent)
      .executeTakeFirstOrThrow();
    expect(session.portal_id).toBeNull();
  });

  it('a notification link works once, for days, and opens its ticket', async () => {
    const { issueSignInLink } = await import('./sign-in-links.js');
    await t.world.user({ email: 'notified@example.test' });
    const url = await issueSignInLink(t.k, 'https://support.example.test', {
      portalId,
      portalSlug: 'acme',
      email: 'notified@example.test',
      next: '/p/acme/tickets/t-1',
      purpose: 'notification',
      now: t.clock.now().toISOString(),
    });
    const token = new URL(url).searchParams.get('token')!;
    expect(url.startsWith('https://support.example.test/auth/link?token=')).toBe(true);
    t.clock.advance(3 * 24 * 3600 * 1000);
    const post = await t.request('POST', '/auth/link', form(token));
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/p/acme/tickets/t-1');
    expect((await t.request('POST', '/auth/link', form(token))).status).toBe(400);
    const row = await t.k
      .selectFrom('login_tokens')
      .select(['code_hash'])
      .where('email', '=', 'notified@example.test')
      .executeTakeFirstOrThrow();
    expect(row.code_hash).toBeNull();
    const lastMail = await lastSignInMail(t, 'notified@example.test');
    expect(lastMail).toBeNull();
  });
});

describe('email sign-in start, timed', () => {
  const FLOOR_MS = 120;
  let timed: TestContext;

  beforeAll(async () => {
    timed = await createTestContext({ signInStartMinMs: FLOOR_MS });
    const typeId = await timed.world.ticketType('incident');
    await timed.world.portal('closed', [typeId], { selfSignUp: false });
    await timed.world.user({ email: 'known@example.test' });
  });
  afterAll(() => timed.close());

  it('answers known and unknown addresses no sooner than its floor, so timing does not tell them apart', async () => {
    for (const email of ['known@example.test', 'nobody@example.test', 'known@example.test', 'nobody@example.test']) {
      const started = performance.now();
      const res = await timed.request('POST', '/api/v1/auth/email/start', { body: { portal: 'closed', email } });
      const took = performance.now() - started;
      expect(res.status).toBe(202);
      // Timers run on the event loop's millisecond clock: allow it to fire a little early.
      expect(took, email).toBeGreaterThanOrEqual(FLOOR_MS - 2);
    }
    expect(await outboxCount(timed, 'known@example.test')).toBe(2);
    expect(await outboxCount(timed, 'nobody@example.test')).toBe(0);
  });
});
