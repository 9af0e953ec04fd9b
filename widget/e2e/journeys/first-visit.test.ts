// Journeys 8 and 9: what a host page pays for the widget — the bytes of the
// script on the wire (defect 11) and the requests and console noise of a first
// visit, of a returning visitor and of an expired session (defect 12).
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openWidgetOnHost, signInWithEmailedCode } from '../harness/actions.js';
import { watch, type PageLog } from '../harness/browser.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url);

/** The budget: 25 KB as transferred with brotli. */
const WIRE_BUDGET_BYTES = 25_600;

const bundlePath = '/widget/tickets-portal.js';

test('the widget script travels brotli-compressed, at most 25,600 bytes on the wire (defect 11)', async () => {
  const page = await world.page();
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === bundlePath),
    page.goto(world.product.demoSite),
  ]);
  await page.getByRole('button', { name: 'Support', exact: true }).waitFor();
  const encoding = await response.headerValue('content-encoding');
  const { responseBodySize } = await response.request().sizes();

  // The same bundle on the server's own origin, where Resource Timing gives its sizes to the page.
  const fullScreen = await world.page();
  await fullScreen.goto(`${world.product.api}/p/acme`);
  await fullScreen.getByRole('button', { name: 'Send code' }).waitFor();
  const timing = await fullScreen.evaluate((path) => {
    const entry = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === path) as
      PerformanceResourceTiming | undefined;
    return entry ? { transferSize: entry.transferSize, encodedBodySize: entry.encodedBodySize } : null;
  }, bundlePath);

  const seen = `content-encoding ${encoding ?? 'none'}, ${responseBodySize} bytes on the wire`;
  expect(encoding, seen).toBe('br');
  expect(responseBodySize, seen).toBeLessThanOrEqual(WIRE_BUDGET_BYTES);
  expect(responseBodySize, seen).toBeGreaterThan(1000);
  expect(timing?.encodedBodySize).toBeGreaterThan(1000);
  expect(timing?.encodedBodySize).toBeLessThanOrEqual(WIRE_BUDGET_BYTES);
  expect(timing?.transferSize).toBeLessThanOrEqual(WIRE_BUDGET_BYTES + 1024);
});

/** The API requests of a page, in order, but for the public config every visit starts with. */
function sessionRequests(log: PageLog): string[] {
  return log.requests
    .map((r) => ({ method: r.method(), url: new URL(r.url()) }))
    .filter(({ url }) => url.origin === world.product.api && url.pathname.startsWith('/api/v1/'))
    .filter(({ method, url }) => !(method === 'GET' && url.pathname === '/api/v1/portals/acme'))
    .map(({ method, url }) => `${method} ${url.pathname}`);
}

/** What the host page's developer would see: 401 answers and console errors. */
function noise(log: PageLog): string[] {
  return [
    ...log.responses
      .filter((r) => r.status() === 401)
      .map((r) => `401 ${r.request().method()} ${new URL(r.url()).pathname}`),
    ...log.errors.map((e) => `console: ${e.text()}`),
    ...log.exceptions.map((e) => `exception: ${e.message}`),
  ];
}

/**
 * Waits until the panel shows the signed-in list with its tickets, then a
 * moment for trailing requests (the live-update stream never ends, so the
 * network is never idle).
 */
async function signedInList(page: Page): Promise<void> {
  const panel = page.getByRole('dialog');
  await panel.getByRole('button', { name: 'New ticket' }).waitFor();
  await panel.getByRole('button', { name: /#\d+/ }).first().waitFor();
  await page.waitForTimeout(1000);
}

test('a first visit and opening the launcher ask nothing that needs a session, and the console stays clean (defect 12)', async () => {
  const page = await world.page();
  const log = watch(page);
  await openWidgetOnHost(page, world.product.demoSite);
  await page.getByRole('dialog').getByRole('button', { name: 'Send code' }).waitFor();
  await page.waitForTimeout(1000);

  expect(noise(log)).toEqual([]);
  expect(sessionRequests(log)).toEqual([]);
});

test('a returning visitor in a new tab renews the session first: no 401, a clean console (defect 12)', async () => {
  const first = await world.page();
  const panel = await openWidgetOnHost(first, world.product.demoSite);
  await signInWithEmailedCode(panel, world.mailbox, 'erin@acme.example');
  await signedInList(first);
  await first.close();

  // A new tab of the same browser: the refresh token is in localStorage, no access token in this tab yet.
  const page = await first.context().newPage();
  const log = watch(page);
  await openWidgetOnHost(page, world.product.demoSite);
  await signedInList(page);

  expect(noise(log)).toEqual([]);
  expect(sessionRequests(log)[0]).toBe('POST /api/v1/auth/refresh');
});

test('with an expired access token, the first request is the refresh (defect 12)', async () => {
  const page = await world.page();
  const panel = await openWidgetOnHost(page, world.product.demoSite);
  await signInWithEmailedCode(panel, world.mailbox, 'carol@acme.example');
  await signedInList(page);

  // Three hours later in this browser: the access token kept in the tab has expired (the refresh token has not).
  await page.context().clock.install({ time: Date.now() + 3 * 60 * 60 * 1000 });
  const log = watch(page);
  await page.reload();
  await page.getByRole('button', { name: 'Support', exact: true }).click();
  await signedInList(page);

  expect(noise(log)).toEqual([]);
  expect(sessionRequests(log)[0]).toBe('POST /api/v1/auth/refresh');
});

test('the full-screen portal signed out: the sign-in shows without a request answered 401, and after sign-in a reload needs none either', async () => {
  const page = await world.page();
  const log = watch(page);
  await page.goto(`${world.product.api}/p/acme`);
  await page.getByRole('button', { name: 'Send code' }).waitFor();
  await page.waitForTimeout(500);
  expect(noise(log)).toEqual([]);
  expect(sessionRequests(log)).toEqual([]);

  // Signed in with the cookie, the page is served knowing it and the portal asks who is there.
  await signInWithEmailedCode(page.locator('tickets-portal'), world.mailbox, 'frank@globex.example');
  await page.getByRole('button', { name: 'New ticket' }).waitFor();
  const again = watch(page);
  await page.reload();
  await page.getByRole('button', { name: 'New ticket' }).waitFor();
  expect(noise(again)).toEqual([]);
  expect(sessionRequests(again)[0]).toBe('GET /api/v1/me');
});
