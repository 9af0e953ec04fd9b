import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../../scripts/build-widget.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { FULLSCREEN_CSP, WIDGET_BUNDLE } from './web.routes.js';

let ctx: TestContext;

beforeAll(async () => {
  if (!existsSync(WIDGET_BUNDLE)) await buildWidget();
  ctx = await createTestContext();
  const type = await ctx.world.ticketType('question', 'Question');
  await ctx.world.portal('acme', [type]);
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

describe('GET /p/:slug', () => {
  it('serves the full-screen page under a strict CSP, deep links included', async () => {
    for (const path of ['/p/acme', '/p/acme/tickets/123', '/p/acme/new']) {
      const res = await ctx.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(FULLSCREEN_CSP);
      const html = await res.text();
      expect(html).toContain('<tickets-portal portal="acme" mode="fullscreen">');
      expect(html).toContain('<script src="/widget/tickets-portal.js" defer>');
      // Nothing inline that the policy would have to allow.
      expect(html).not.toMatch(/<style|style=|<script>/);
    }
    expect(FULLSCREEN_CSP).not.toMatch(/unsafe-/);
  });

  it('answers 404 for an unknown or disabled portal', async () => {
    expect((await ctx.app.request('/p/nope')).status).toBe(404);
    expect((await ctx.app.request('/p/hidden/tickets/1')).status).toBe(404);
    const long = await ctx.app.request(`/p/${'a'.repeat(100)}`);
    expect(long.status).toBe(404);
  });
});
