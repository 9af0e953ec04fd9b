import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../../scripts/build-widget.js';
import type { AppEnv } from '../app-env.js';
import type { Portal } from '../portals/portals.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { CONSOLE_BUNDLE, FULLSCREEN_CSP, PANEL_BUNDLE, WIDGET_BUNDLE, webApp } from './web.routes.js';

let ctx: TestContext;
let acme: Portal;
let other: Portal;

beforeAll(async () => {
  const built = [WIDGET_BUNDLE, PANEL_BUNDLE, CONSOLE_BUNDLE]
    .flatMap((f) => [f, `${f}.br`, `${f}.gz`])
    .every((f) => existsSync(f));
  if (!built) await buildWidget();
  ctx = await createTestContext();
  const type = await ctx.world.ticketType('question', 'Question');
  acme = await ctx.world.portal('acme', [type]);
  other = await ctx.world.portal('other', [type]);
  await ctx.world.portal('hidden', [type], { enabled: false });
}, 60_000);
afterAll(() => ctx.close());

describe('GET /widget/tickets-portal.js', () => {
  it('serves the built bundle with caching headers and answers 304 to its ETag', async () => {
    const res = await ctx.app.request('/widget/tickets-portal.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(readFileSync(WIDGET_BUNDLE, 'utf8'));
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await ctx.app.request('/widget/tickets-portal.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await ctx.app.request('/widget/tickets-portal.js', { headers: { 'if-none-match': '"nope"' } });
    expect(other.status).toBe(200);
  });
});

describe('GET /widget/tickets-portal-panel.js (issue 12: the views, loaded on first opening)', () => {
  it('serves the panel bundle for any page to load, cached for good under the version the launcher names', async () => {
    const launcher = readFileSync(WIDGET_BUNDLE, 'utf8');
    const version = /"\?v=([0-9a-f]{12})"/.exec(launcher)?.[1];
    expect(version, 'the launcher names the panel by its hash').toBeTruthy();
    const res = await ctx.app.request(`/widget/tickets-portal-panel.js?v=${version}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toBe(readFileSync(PANEL_BUNDLE, 'utf8'));
  });
});

/** The bytes a client decodes from an answer with this Content-Encoding. */
async function decoded(res: Response): Promise<string> {
  const body = Buffer.from(await res.arrayBuffer());
  const coding = res.headers.get('content-encoding');
  if (coding === 'br') return brotliDecompressSync(body).toString('utf8');
  if (coding === 'gzip') return gunzipSync(body).toString('utf8');
  expect(coding).toBeNull();
  return body.toString('utf8');
}

describe('pre-compressed bundles (issue 8, defect 11)', () => {
  for (const [path, file] of [
    ['/widget/tickets-portal.js', WIDGET_BUNDLE],
    ['/widget/tickets-portal-panel.js', PANEL_BUNDLE],
    ['/console/console.js', CONSOLE_BUNDLE],
  ] as const) {
    it(`${path}: brotli, gzip or the plain file by Accept-Encoding, always with Vary`, async () => {
      const plain = readFileSync(file, 'utf8');
      const cases: [string | undefined, string | null, string][] = [
        ['gzip, deflate, br, zstd', 'br', `${file}.br`],
        ['br;q=0.5, gzip', 'gzip', `${file}.gz`],
        ['gzip', 'gzip', `${file}.gz`],
        ['br', 'br', `${file}.br`],
        ['identity', null, file],
        ['gzip;q=0, br;q=0', null, file],
        ['*', 'br', `${file}.br`],
        [undefined, null, file],
      ];
      for (const [accept, coding, served] of cases) {
        const res = await ctx.app.request(path, { headers: accept === undefined ? {} : { 'accept-encoding': accept } });
        expect(res.status, accept).toBe(200);
        expect(res.headers.get('content-encoding'), accept).toBe(coding);
        expect(res.headers.get('vary'), accept).toBe('Accept-Encoding');
        expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
        const bytes = Buffer.from(await res.clone().arrayBuffer());
        // The pre-compressed file itself, byte for byte (nothing compressed per request).
        expect(bytes.equals(readFileSync(served)), accept).toBe(true);
        expect(await decoded(res), accept).toBe(plain);
      }
    });

    it(`${path}: one ETag per coding, and a 304 only for the coding it names`, async () => {
      const etagOf = async (accept: string) =>
        (await ctx.app.request(path, { headers: { 'accept-encoding': accept } })).headers.get('etag')!;
      const br = await etagOf('br');
      const gz = await etagOf('gzip');
      const id = await etagOf('identity');
      expect(new Set([br, gz, id]).size).toBe(3);
      for (const tag of [br, gz, id]) expect(tag).toMatch(/^"[\w-]+"$/);

      const again = await ctx.app.request(path, { headers: { 'accept-encoding': 'br', 'if-none-match': br } });
      expect(again.status).toBe(304);
      expect(again.headers.get('vary')).toBe('Accept-Encoding');
      expect(again.headers.get('etag')).toBe(br);
      expect(await again.text()).toBe('');
      // A weak comparison matches too (caches may weaken it).
      expect(
        (await ctx.app.request(path, { headers: { 'accept-encoding': 'br', 'if-none-match': `W/${br}` } })).status,
      ).toBe(304);
      // The gzip bytes' tag does not validate the brotli answer, nor the plain one.
      const other = await ctx.app.request(path, { headers: { 'accept-encoding': 'br', 'if-none-match': gz } });
      expect(other.status).toBe(200);
      expect(other.headers.get('content-encoding')).toBe('br');
      expect((await ctx.app.request(path, { headers: { 'if-none-match': br } })).status).toBe(200);
      expect(
        (await ctx.app.request(path, { headers: { 'accept-encoding': 'gzip', 'if-none-match': gz } })).status,
      ).toBe(304);
      expect((await ctx.app.request(path, { headers: { 'if-none-match': id } })).status).toBe(304);
    });
  }

  it('serves the plain file when a sibling is missing or older than the bundle (a rebuild without compression)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-bundle-'));
    try {
      const bundle = join(dir, 'w.js');
      copyFileSync(WIDGET_BUNDLE, bundle);
      copyFileSync(`${WIDGET_BUNDLE}.gz`, `${bundle}.gz`);
      const app = new Hono<AppEnv>().route('/', webApp({ bundlePath: bundle }));
      const get = (accept: string) =>
        app.request('/widget/tickets-portal.js', { headers: { 'accept-encoding': accept } });
      // No .br: gzip is the next best the browser takes.
      const gz = await get('br, gzip');
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      expect(await decoded(gz)).toBe(readFileSync(bundle, 'utf8'));
      expect((await get('br')).headers.get('content-encoding')).toBeNull();
      // The bundle rebuilt after its .gz: the stale .gz is never sent.
      writeFileSync(bundle, '/* rebuilt */');
      const later = new Date(Date.now() + 5000);
      utimesSync(bundle, later, later);
      const fresh = await get('gzip');
      expect(fresh.headers.get('content-encoding')).toBeNull();
      expect(await fresh.text()).toBe('/* rebuilt */');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the widget bundle is within its budget as transferred with brotli', async () => {
    const res = await ctx.app.request('/widget/tickets-portal.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect((await res.arrayBuffer()).byteLength).toBeLessThanOrEqual(25 * 1024);
  });
});

describe('GET /console', () => {
  it('serves the console page under the strict CSP at /console and every path below it', async () => {
    for (const path of ['/console', '/console/', '/console/tickets/123', '/console/people/x/y']) {
      const res = await ctx.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(FULLSCREEN_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const html = await res.text();
      // No cookie: the page says so, and the console asks nothing before its sign-in.
      expect(html).toContain('<tp-console signed-out></tp-console>');
      expect(html).toContain('<script src="/console/console.js" defer>');
      expect(html).not.toContain('tickets-portal.js');
      expect(html).not.toMatch(/<style|style=|<script>/);
    }
  });

  it('tells the console when the cookie holds a live session', async () => {
    const agent = await ctx.world.user({ role: 'agent' });
    const { mintSession } = await import('../auth/sessions.js');
    const { token } = await mintSession(ctx.k, ctx.deps.secret, ctx.clock, {
      userId: agent,
      kind: 'cookie',
      portalId: null,
      ttlSeconds: 3600,
    });
    const live = await ctx.app.request('/console/tickets/1', { headers: { cookie: `__Host-tp_session=${token}` } });
    expect(await live.text()).toContain('<tp-console></tp-console>');
    const stale = await ctx.app.request('/console', { headers: { cookie: '__Host-tp_session=not-a-session' } });
    expect(await stale.text()).toContain('<tp-console signed-out></tp-console>');
  });

  it('keeps the console out of the widget bundle', () => {
    const widget = readFileSync(WIDGET_BUNDLE, 'utf8');
    const consoleBundle = readFileSync(CONSOLE_BUNDLE, 'utf8');
    // Its element names and its own strings are in its bundle only (a plain boolean: a failing
    // toContain would print the whole bundle).
    for (const marker of ['"tp-console"', '"tp-console-inbox"', 'Waiting on customer']) {
      expect(consoleBundle.includes(marker), marker).toBe(true);
      expect(widget.includes(marker), marker).toBe(false);
    }
  });
});

describe('GET /p/:slug', () => {
  it('serves the full-screen page under a strict CSP, deep links included', async () => {
    for (const path of ['/p/acme', '/p/acme/tickets/123', '/p/acme/new']) {
      const res = await ctx.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(FULLSCREEN_CSP);
      const html = await res.text();
      expect(html).toContain('<tickets-portal portal="acme" mode="fullscreen" signed-out>');
      expect(html).toContain('<script src="/widget/tickets-portal.js" defer>');
      // Nothing inline that the policy would have to allow.
      expect(html).not.toMatch(/<style|style=|<script>/);
    }
    expect(FULLSCREEN_CSP).not.toMatch(/unsafe-/);
  });

  it('tells the portal when the cookie holds a live session for it', async () => {
    const alice = await ctx.world.user({});
    const { mintSession } = await import('../auth/sessions.js');
    const cookieFor = async (portalId: string | null) => {
      const { token } = await mintSession(ctx.k, ctx.deps.secret, ctx.clock, {
        userId: alice,
        kind: 'cookie',
        portalId,
        ttlSeconds: 3600,
      });
      return { cookie: `__Host-tp_session=${token}` };
    };
    const live = await ctx.app.request('/p/acme/tickets/1', { headers: await cookieFor(acme.id) });
    expect(await live.text()).toContain('<tickets-portal portal="acme" mode="fullscreen"></tickets-portal>');
    // A session of another portal does not sign anyone in here, nor does a stale cookie.
    const elsewhere = await ctx.app.request('/p/acme', { headers: await cookieFor(other.id) });
    expect(await elsewhere.text()).toContain('mode="fullscreen" signed-out>');
    const stale = await ctx.app.request('/p/acme', { headers: { cookie: '__Host-tp_session=not-a-session' } });
    expect(await stale.text()).toContain('mode="fullscreen" signed-out>');
  });

  it('escapes the portal name in the page title (hono/html)', async () => {
    const type = await ctx.world.ticketType('escaped_type');
    await ctx.world.portal('markup', [type], { name: '</title><script>alert(1)</script>' });
    const html = await (await ctx.app.request('/p/markup')).text();
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain('<script>');
  });

  it('answers 404 for an unknown or disabled portal', async () => {
    expect((await ctx.app.request('/p/nope')).status).toBe(404);
    expect((await ctx.app.request('/p/hidden/tickets/1')).status).toBe(404);
    const long = await ctx.app.request(`/p/${'a'.repeat(100)}`);
    expect(long.status).toBe(404);
  });
});
