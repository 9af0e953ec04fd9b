import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { insertMessage } from '../tickets/tickets.repository.js';
import { lastSignInMail, requestSignIn, sessionCookieOf } from './auth.test-helpers.js';
import { crossSite } from './link-page.routes.js';

const PUBLIC_URL = 'https://support.example.test';

let t: TestContext;
let typeId: string;

beforeAll(async () => {
  t = await createTestContext({
    publicUrl: PUBLIC_URL,
    rateLimits: { startPerIp: { limit: 1000, windowSeconds: 900 }, verifyPerIp: { limit: 1000, windowSeconds: 900 } },
  });
  typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId], { name: 'Acme Help' });
});
afterAll(() => t.close());

/** The confirm page's form POST, with the headers a browser adds. */
function post(token: string, headers: Record<string, string>) {
  return t.request('POST', '/auth/link', {
    body: `token=${encodeURIComponent(token)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

/** What Chromium sends when the button of a confirm page served with `Referrer-Policy: no-referrer` is clicked. */
const CHROMIUM_NO_REFERRER = {
  origin: 'null',
  'sec-fetch-site': 'same-origin',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  'sec-fetch-user': '?1',
};
/** The same click from another site's page that posts our form to us. */
const CHROMIUM_CROSS_SITE = { ...CHROMIUM_NO_REFERRER, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

async function signedInAs(cookie: string | null) {
  expect(cookie).not.toBeNull();
  const me = await t.request('GET', '/api/v1/me', { headers: { cookie: `__Host-tp_session=${cookie}` } });
  expect(me.status).toBe(200);
  return me.json as { email: string };
}

describe('the emailed link in a real browser (defect 2)', () => {
  it('signs in when Chromium posts the form with Origin: null and Sec-Fetch-Site: same-origin', async () => {
    await t.world.user({ email: 'chromium@example.test' });
    const { token } = await requestSignIn(t, 'acme', 'chromium@example.test', { next: '/p/acme/tickets/abc' });
    const res = await post(token, CHROMIUM_NO_REFERRER);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/p/acme/tickets/abc');
    expect((await signedInAs(sessionCookieOf(res.headers))).email).toBe('chromium@example.test');
  });

  it('the confirm page sends only our origin as a Referer, so the form POST carries a real Origin', async () => {
    await t.world.user({ email: 'policy@example.test' });
    const { token } = await requestSignIn(t, 'acme', 'policy@example.test');
    const page = await t.request('GET', `/auth/link?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('strict-origin');
    const res = await post(token, { ...CHROMIUM_NO_REFERRER, origin: PUBLIC_URL });
    expect(res.status).toBe(303);
  });

  it("wears the portal's brand (name, logo, light and dark colors) under a CSP that allows that one stylesheet only (issue 12)", async () => {
    const { defaultPortalConfig } = await import('../portals/portal-config.js');
    const base = defaultPortalConfig('Branded', 'ticket', [typeId]).branding;
    await t.world.portal('branded', [typeId], {
      name: 'Branded Help',
      branding: {
        light: { ...base.light, mainColor: '#c2410c', logoUrl: 'https://cdn.example.test/logo.png' },
        dark: { ...base.dark, mainColor: '#fb923c' },
      },
    });
    await t.world.user({ email: 'brand@example.test' });
    const { token } = await requestSignIn(t, 'branded', 'brand@example.test');
    const page = await t.request('GET', `/auth/link?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const text = String(page.json);
    const css = /<style>([^<]*)<\/style>/.exec(text)?.[1] ?? '';
    expect(css).toContain('--main:#c2410c');
    expect(css).toContain('prefers-color-scheme:dark');
    expect(css).toContain('--main:#fb923c');
    expect(text).toContain(
      '<header><img src="https://cdn.example.test/logo.png" alt=""><span>Branded Help</span></header>',
    );
    const csp = page.headers.get('content-security-policy')!;
    const { createHash } = await import('node:crypto');
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/script-src/);

    // A token never issued: the same card, in the product's own colors (it names no portal).
    const unknown = await t.request('GET', '/auth/link?token=nope');
    expect(unknown.status).toBe(400);
    expect(String(unknown.json)).toContain('<style>');
    expect(String(unknown.json)).toContain('<span>Tickets Portal</span>');
    expect(String(unknown.json)).toContain('This sign-in link does not work.');
  });

  it('escapes the portal name and the token on the confirm page (hono/html)', async () => {
    await t.world.portal('markup', [typeId], { name: 'Acme <script>alert(1)</script> & "Co"' });
    await t.world.user({ email: 'markup@example.test' });
    const { token } = await requestSignIn(t, 'markup', 'markup@example.test');
    const page = await t.request('GET', `/auth/link?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const text = String(page.json);
    expect(text).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(text).not.toContain('<script>');
    expect(text).toContain(`name="token" value="${token}"`);
    // A token is base64url, so the page shows it as is; anything else in it would be escaped too.
    const forged = await t.request('GET', `/auth/link?token=${encodeURIComponent('"><b>x')}`);
    expect(String(forged.json)).not.toContain('<b>x');
  });

  it('refuses a cross-site or same-site POST, and the refused link still works from our page', async () => {
    await t.world.user({ email: 'target@example.test' });
    const { token } = await requestSignIn(t, 'acme', 'target@example.test');
    for (const headers of [
      CHROMIUM_CROSS_SITE,
      { ...CHROMIUM_CROSS_SITE, 'sec-fetch-site': 'same-site', origin: 'https://other.example.test' },
      // Fetch metadata wins over a matching Origin (which a browser would never pair with cross-site).
      { ...CHROMIUM_CROSS_SITE, origin: PUBLIC_URL },
      { ...CHROMIUM_CROSS_SITE, origin: 'null' },
    ]) {
      const res = await post(token, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json).toContain('This sign-in was not confirmed on this site.');
      expect(sessionCookieOf(res.headers)).toBeNull();
    }
    const row = await t.k
      .selectFrom('login_tokens')
      .select('consumed_at')
      .where('email', '=', 'target@example.test')
      .executeTakeFirstOrThrow();
    expect(row.consumed_at).toBeNull();
    const ok = await post(token, CHROMIUM_NO_REFERRER);
    expect(ok.status).toBe(303);
  });

  it('without fetch metadata, falls back to Origin: ours or none passes, null or another refuses', () => {
    const decide = (secFetchSite: string | undefined, origin: string | undefined) =>
      crossSite({ secFetchSite, origin }, PUBLIC_URL);
    expect(decide('same-origin', 'null')).toBe(false);
    expect(decide('none', undefined)).toBe(false);
    expect(decide('cross-site', PUBLIC_URL)).toBe(true);
    expect(decide('same-site', PUBLIC_URL)).toBe(true);
    expect(decide('Cross-Site', undefined)).toBe(true);
    expect(decide(undefined, undefined)).toBe(false);
    expect(decide(undefined, PUBLIC_URL)).toBe(false);
    expect(decide(undefined, 'null')).toBe(true);
    expect(decide(undefined, 'https://evil.example')).toBe(true);
    expect(decide(undefined, 'https://support.example.test.evil.example')).toBe(true);
    expect(decide(undefined, 'http://support.example.test')).toBe(true);
  });

  it('a notification link opens its ticket in the full-screen portal, signed in', async () => {
    const alice = await t.world.user({ email: 'notified@example.test', name: 'Notified' });
    const agent = await t.world.user({ role: 'agent', email: 'agent@support.example.test' });
    const ticket = await t.world.ticket({ typeId, requesterId: alice, title: 'Printer' });
    await t.k.transaction().execute((trx) =>
      insertMessage(trx, {
        ticketId: ticket.id,
        authorId: agent,
        body: 'Fixed?',
        internal: false,
        now: t.clock.now().toISOString(),
      }),
    );
    // The worker renders the row (and issues the link) just before sending; do what it does.
    const { renderNotification } = await import('../notifications/render.js');
    const row = await t.k
      .selectFrom('email_outbox')
      .selectAll()
      .where('recipient_user_id', '=', alice)
      .where('kind', '=', 'notification')
      .executeTakeFirstOrThrow();
    const rendered = await t.k
      .transaction()
      .execute((trx) => renderNotification(trx, row, { publicUrl: PUBLIC_URL, now: t.clock.now().toISOString() }));
    if (!('email' in rendered)) throw new Error(`skipped: ${rendered.skip}`);
    const link = /https:\/\/\S+\/auth\/link\?token=(\S+)/.exec(rendered.email.text);
    expect(link).not.toBeNull();
    const token = decodeURIComponent(link![1]!);

    expect((await t.request('GET', `/auth/link?token=${encodeURIComponent(token)}`)).status).toBe(200);
    const res = await post(token, CHROMIUM_NO_REFERRER);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/p/acme/tickets/${ticket.id}`);
    const cookie = sessionCookieOf(res.headers);
    expect((await signedInAs(cookie)).email).toBe('notified@example.test');
    // The page it lands on is the full-screen portal, and the cookie opens that ticket.
    const page = await t.request('GET', location, { headers: { cookie: `__Host-tp_session=${cookie}` } });
    expect(page.status).toBe(200);
    expect(page.json).toContain('<tickets-portal portal="acme" mode="fullscreen">');
    const detail = await t.request('GET', `/api/v1/portals/acme/tickets/${ticket.id}`, {
      headers: { cookie: `__Host-tp_session=${cookie}` },
    });
    expect(detail.status).toBe(200);
    expect(detail.json.title).toBe('Printer');
  });

  it('a sign-in link without next opens the portal home', async () => {
    await t.world.user({ email: 'home@example.test' });
    await requestSignIn(t, 'acme', 'home@example.test');
    const mail = await lastSignInMail(t, 'home@example.test');
    const res = await post(mail!.token!, CHROMIUM_NO_REFERRER);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/p/acme');
  });

  describe('expired and used links (issue 12)', () => {
    let brandedCss = '';
    beforeAll(async () => {
      const { defaultPortalConfig } = await import('../portals/portal-config.js');
      const base = defaultPortalConfig('Spent', 'ticket', [typeId]).branding;
      await t.world.portal('spent', [typeId], {
        name: 'Spent Help',
        branding: {
          light: { ...base.light, mainColor: '#15803d', logoUrl: 'https://cdn.example.test/spent.png' },
          dark: { ...base.dark, mainColor: '#4ade80' },
        },
      });
      brandedCss = '--main:#15803d';
    });

    /** The page's text, checked to wear the portal's brand and to offer its sign-in at `href`. */
    function expectBranded(res: { status: number; json: unknown; headers: Headers }, href: string) {
      expect(res.status).toBe(400);
      const text = String(res.json);
      expect(text).toContain(
        '<header><img src="https://cdn.example.test/spent.png" alt=""><span>Spent Help</span></header>',
      );
      const css = /<style>([^<]*)<\/style>/.exec(text)?.[1] ?? '';
      expect(css).toContain(brandedCss);
      expect(css).toContain('--main:#4ade80');
      expect(css).toContain('a.button');
      expect(res.headers.get('content-security-policy')).toContain(
        `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
      );
      expect(text).toContain(`<a class="button" href="${href}">`);
      expect(sessionCookieOf(res.headers)).toBeNull();
      return text;
    }

    it("an expired link says so in its portal's brand and leads to the portal's sign-in (GET and POST)", async () => {
      await t.world.user({ email: 'late-brand@example.test' });
      const { token } = await requestSignIn(t, 'spent', 'late-brand@example.test');
      t.clock.advance(10 * 60 * 1000 + 1);
      const get = expectBranded(await t.request('GET', `/auth/link?token=${encodeURIComponent(token)}`), '/p/spent');
      expect(get).toContain('<h1>This sign-in link has expired.</h1>');
      expect(get).toContain('Open Spent Help and enter your email address');
      expect(get).toContain('Get a new link</a>');
      expect(get).not.toContain('<form');
      const posted = expectBranded(await post(token, CHROMIUM_NO_REFERRER), '/p/spent');
      expect(posted).toContain('<h1>This sign-in link has expired.</h1>');
    });

    it('a used link says it was used, in French for a French browser, and a notification link leads back to its ticket', async () => {
      await t.world.user({ email: 'used-brand@example.test' });
      const { token } = await requestSignIn(t, 'spent', 'used-brand@example.test', { next: '/p/spent/tickets/t1' });
      expect((await post(token, CHROMIUM_NO_REFERRER)).status).toBe(303);
      const again = expectBranded(await post(token, CHROMIUM_NO_REFERRER), '/p/spent/tickets/t1');
      expect(again).toContain('<h1>This sign-in link was already used.</h1>');
      const fr = expectBranded(
        await t.request('GET', `/auth/link?token=${encodeURIComponent(token)}`, {
          headers: { 'accept-language': 'fr-FR,fr;q=0.9' },
        }),
        '/p/spent/tickets/t1',
      );
      expect(fr).toContain('<html lang="fr">');
      expect(fr).toContain('<h1>Ce lien de connexion a déjà servi.</h1>');
      expect(fr).toContain('Recevoir un nouveau lien</a>');
      // Used, then past its time as well: still "used", which is what happened to it.
      t.clock.advance(10 * 60 * 1000 + 1);
      expect(String((await t.request('GET', `/auth/link?token=${encodeURIComponent(token)}`)).json)).toContain(
        'was already used',
      );
    });

    it("a staff link that expired leads to the console's sign-in, in the product's colors", async () => {
      await t.world.user({ role: 'agent', email: 'late-agent@support.example.test' });
      const { token } = await requestSignIn(t, null, 'late-agent@support.example.test');
      t.clock.advance(10 * 60 * 1000 + 1);
      const res = await t.request('GET', `/auth/link?token=${encodeURIComponent(token)}`);
      expect(res.status).toBe(400);
      const text = String(res.json);
      expect(text).toContain('<span>Tickets Portal</span>');
      expect(text).toContain('Open the support console and enter your email address');
      expect(text).toContain('<a class="button" href="/console">');
    });
  });
});
