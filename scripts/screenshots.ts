// `npm run screenshots`: starts the product as `npm start` does (demo data, a temp
// data directory, free ports, a real SMTP peer for the sign-in codes), signs the
// demo admin in on the console and a demo customer on the full-screen portal,
// and writes a PNG of every screen in scripts/screenshot-screens.ts in light and
// dark, English and French, 1280 and 360 px wide, to screenshots/ (git-ignored).
//   npm run screenshots                 every screen
//   npm run screenshots -- inbox people only screens whose name contains one of the words
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../widget/e2e/harness/browser.js';
import { signInWithEmailedCode } from '../widget/e2e/harness/actions.js';
import { AdminApi, signInByEmail, type ApiSession } from '../widget/e2e/harness/api.js';
import { hasSignInCode, signInCode, signInLink, startMailbox, type Mailbox } from '../widget/e2e/harness/mailbox.js';
import { REPO_ROOT, startProduct } from '../widget/e2e/harness/product.js';
import { SAMPLE_PNG, SCREENS, type DemoIds, type Screen } from './screenshot-screens.js';

const OUT = join(REPO_ROOT, 'screenshots');
/** How long each screen took from navigation to ready (a fresh page, warm browser: the first-screen budget is 1 s). */
const readyMs: string[] = [];
const STAFF_EMAIL = 'admin@example.com';
const CUSTOMER_EMAIL = 'alice@acme.example';
/** A customer who signs up during the run, of no organization (acme.example would join Acme's): no tickets yet. */
const NEWCOMER_EMAIL = 'newcomer@example.net';
const WIDTHS = [1280, 360] as const;
const SCHEMES = ['light', 'dark'] as const;
const LOCALES = ['en', 'fr'] as const;
type Locale = (typeof LOCALES)[number];
type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** JSON from the product, asked from inside `page` so its session cookie goes along. */
async function inPage<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p, {
        method: m,
        credentials: 'same-origin',
        headers: b === undefined ? {} : { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, text: await res.text() };
    },
    [method, path, body] as const,
  );
  if (answer.status >= 400) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
  return (answer.text ? JSON.parse(answer.text) : null) as T;
}

/** Signs `email` in with its emailed code on the session cookie (for `portal`, or the console without); answers the cookie. */
async function signIn(
  browser: Browser,
  api: string,
  mailbox: Mailbox,
  email: string,
  portal?: string,
): Promise<StorageState> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${api}/console`);
  const since = mailbox.mark();
  await inPage(page, 'POST', '/api/v1/auth/email/start', { email, ...(portal && { portal }) });
  const code = signInCode(await mailbox.latest(email, { since, match: hasSignInCode }));
  await inPage(page, 'POST', '/api/v1/auth/email/verify', {
    email,
    code,
    channel: 'cookie',
    ...(portal && { portal }),
  });
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Sets the signed-in user's language, which the console and the portal prefer to the browser's. */
async function setLocale(browser: Browser, api: string, state: StorageState, locale: Locale): Promise<void> {
  const context = await browser.newContext({ storageState: state });
  const page = await context.newPage();
  await page.goto(`${api}/console`);
  await inPage(page, 'PATCH', '/api/v1/me', { locale });
  await context.close();
}

/**
 * Turns the portal's `satisfaction` on in the database itself: the admin API's portal PATCH has no
 * field for it yet. The server sees it at once (its parsed configs are keyed by the stored text).
 */
function askForRatings(dataDir: string, slug: string): void {
  const db = new Database(join(dataDir, 'tickets.db'));
  try {
    const row = db.prepare('select config from portals where slug = ?').get(slug) as { config: string };
    const config = { ...(JSON.parse(row.config) as Record<string, unknown>), satisfaction: true };
    db.prepare('update portals set config = ? where slug = ?').run(JSON.stringify(config), slug);
  } finally {
    db.close();
  }
}

/** A customer's session in the API (bearer), for setting up what the screens show. */
async function customerApi(api: string, mailbox: Mailbox, email: string): Promise<ApiSession> {
  return signInByEmail(api, mailbox, email);
}

/** The `/auth/link?token=…` path of the link in the newest sign-in email to `email` (asked for here). */
async function emailedLink(api: string, mailbox: Mailbox, email: string): Promise<string> {
  const since = mailbox.mark();
  const res = await fetch(`${api}/api/v1/auth/email/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ portal: 'acme', email }),
  });
  if (res.status !== 202) throw new Error(`sign-in for ${email} answered ${res.status}`);
  const url = new URL(signInLink(await mailbox.latest(email, { since, match: hasSignInCode })));
  return `${url.pathname}${url.search}`;
}

/**
 * What the customer screens show, set up through the API as people would make it: a
 * conversation where the customer and two agent replies alternate (grouped), with links
 * and an image; a resolved ticket that asks for a rating (the portal asks); and the three
 * kinds of emailed link.
 */
async function customerWorld(api: string, mailbox: Mailbox, demoSite: string, dataDir: string) {
  askForRatings(dataDir, 'acme');
  const admin = await AdminApi.signIn(api, mailbox);
  const alice = await customerApi(api, mailbox, CUSTOMER_EMAIL);
  const portal = (await alice.request('GET', '/portals/acme')) as { types: { id: string; key: string }[] };
  const typeId = (portal.types.find((t) => t.key === 'incident') ?? portal.types[0]!).id;
  const conversationTitle = 'Exported PDF cuts off the last page';
  const ticket = (await alice.request('POST', '/portals/acme/tickets', {
    typeId,
    title: conversationTitle,
    description: 'Since this morning every export stops one page early.',
  })) as { id: string };
  const form = new FormData();
  form.append('file', new Blob([SAMPLE_PNG], { type: 'image/png' }), 'export-preview.png');
  const upload = await fetch(`${api}/api/v1/portals/acme/tickets/${ticket.id}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${alice.token}` },
    body: form,
  });
  if (!upload.ok) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`);
  const attachment = (await upload.json()) as { id: string };
  const say = (body: string, attachmentIds: string[] = []) =>
    alice.request('POST', `/portals/acme/tickets/${ticket.id}/messages`, { body, attachmentIds });
  await say('Here is what the preview shows:\nthe footer is missing on page 12.', [attachment.id]);
  await say('Same with https://status.example.com/exports open in another tab.');
  await admin.reply(ticket.id, 'Thanks Alice, we can reproduce it with your file.');
  await admin.reply(
    ticket.id,
    'A fix is rolling out today. Details: https://docs.example.com/exports#page-breaks\nI will write again once it is live.',
  );
  await say('Great, thank you!');

  const ratingTitle = 'Invoice PDF shows the wrong VAT number';
  const resolved = await admin.createTicket({ requester: CUSTOMER_EMAIL, title: ratingTitle, type: 'question' });
  await admin.reply(resolved.id, 'We corrected the VAT number on your account; new invoices show it.');
  await admin.session.request('PATCH', `/admin/tickets/${resolved.id}`, { status: 'resolved' });

  const linkConfirm = await emailedLink(api, mailbox, 'bob@acme.example');
  // A newer email replaces the older one: its link has expired.
  const linkExpired = await emailedLink(api, mailbox, 'carol@acme.example');
  await emailedLink(api, mailbox, 'carol@acme.example');
  const linkUsed = await emailedLink(api, mailbox, 'dave@acme.example');
  const token = new URL(linkUsed, api).searchParams.get('token')!;
  const spent = await fetch(`${api}/auth/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
    redirect: 'manual',
  });
  if (spent.status !== 303) throw new Error(`spending a link answered ${spent.status}`);
  // The demo host answers on its name and its IP; the portal stops allowing the IP, which is then
  // a site the portal does not allow.
  const host = new URL(demoSite);
  host.hostname = host.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  const { config } = await admin.portal('acme');
  await admin.patchPortal('acme', { allowedOrigins: config.allowedOrigins.filter((o) => o !== host.origin) });
  return {
    conversationTitle,
    conversationTicketId: ticket.id,
    ratingTitle,
    ratingTicketId: resolved.id,
    linkConfirm,
    linkExpired,
    linkUsed,
    foreignHost: host.origin + '/',
  };
}

async function demoIds(
  browser: Browser,
  api: string,
  staff: StorageState,
  customer: StorageState,
): Promise<Omit<DemoIds, keyof Awaited<ReturnType<typeof customerWorld>>>> {
  const context = await browser.newContext({ storageState: staff });
  const page = await context.newPage();
  await page.goto(`${api}/console`);
  type Page_<T> = { items: T[] };
  const tickets = await inPage<Page_<{ id: string }>>(
    page,
    'GET',
    '/api/v1/admin/tickets?view=open&sort=updated&limit=20',
  );
  // The ticket page shows a conversation with an internal note in it when the demo has one.
  let ticketId = tickets.items[0]!.id;
  for (const t of tickets.items) {
    const detail = await inPage<{ messages: { internal: boolean }[] }>(page, 'GET', `/api/v1/admin/tickets/${t.id}`);
    if (detail.messages.some((m) => m.internal) && detail.messages.length >= 3) {
      ticketId = t.id;
      break;
    }
  }
  const people = await inPage<Page_<{ id: string; organizationId: string | null }>>(
    page,
    'GET',
    '/api/v1/admin/users?role=customer&limit=50',
  );
  const person = people.items.find((p) => p.organizationId) ?? people.items[0]!;
  await context.close();
  const mine = await browser.newContext({ storageState: customer });
  const customerPage = await mine.newPage();
  await customerPage.goto(`${api}/p/acme`);
  const own = await inPage<Page_<{ id: string }>>(customerPage, 'GET', '/api/v1/portals/acme/tickets?view=all');
  await mine.close();
  return {
    ticketId,
    personId: person.id,
    organizationId: person.organizationId ?? '',
    customerTicketId: own.items[0]!.id,
  };
}

/** Signs `email` in inside the widget on the demo host page, in `context` (its session stays in that origin's storage). */
async function signInWidget(context: BrowserContext, demoSite: string, mailbox: Mailbox, email: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(demoSite);
  await page.locator('tickets-portal button.launcher').click();
  await signInWithEmailedCode(page.locator('tickets-portal'), mailbox, email);
  await page.locator('tp-ticket-list').waitFor();
  await page.close();
}

/**
 * Photographs one screen in every width and scheme from one page: it loads and gets ready
 * once, then each variant is the same page resized and re-colored (as a person turning a
 * phone or switching to dark mode would see it). Answers the files written.
 */
async function shoot(
  context: BrowserContext,
  origins: { api: string; demoSite: string },
  screen: Screen,
  ids: DemoIds,
  locale: Locale,
): Promise<number> {
  const page = await context.newPage();
  // A screen that never gets ready fails in seconds, not the default half-minute.
  page.setDefaultTimeout(10_000);
  let written = 0;
  try {
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
    await page.emulateMedia({ colorScheme: SCHEMES[0], reducedMotion: 'reduce' });
    await screen.prepare?.(page);
    const path = screen.path(ids);
    const base = screen.app === 'widget' ? origins.demoSite : origins.api;
    const started = Date.now();
    await page.goto(/^https?:/.test(path) ? path : `${base}${path}`);
    await screen.ready(page, ids);
    readyMs.push(`${screen.app}-${screen.name} ${locale}: ${Date.now() - started} ms`);
    for (const width of WIDTHS) {
      for (const scheme of SCHEMES) {
        const height = width < 600 ? 740 : 800;
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        // Let the layout, the last answers (counts, live stream) and the fonts settle.
        await page.waitForTimeout(300);
        if (screen.fullPage) {
          // The console scrolls inside its own element (fixed to the viewport), which Playwright's
          // fullPage does not see: grow the viewport to the content's height instead.
          // The full-screen portal scrolls inside its shadow root: its scrollers count too.
          // (No named function inside: tsx would wrap it in a helper the page lacks.)
          const full = await page.evaluate(() => {
            let tallest = document.documentElement.scrollHeight;
            const roots: (Document | ShadowRoot)[] = [document];
            for (let root = roots.pop(); root; root = roots.pop()) {
              for (const e of root.querySelectorAll('*')) {
                if (e.scrollHeight > e.clientHeight + 1)
                  tallest = Math.max(tallest, e.scrollHeight + innerHeight - e.clientHeight);
                if (e.shadowRoot) roots.push(e.shadowRoot);
              }
            }
            return tallest;
          });
          await page.setViewportSize({ width, height: Math.min(Math.max(full, height), 4000) });
          await page.waitForTimeout(200);
        }
        const file = join(OUT, `${screen.app}-${screen.name}-${width}-${scheme}-${locale}.png`);
        await page.screenshot({ path: file, fullPage: screen.fullPage ?? false });
        written++;
      }
    }
  } finally {
    await page.close();
  }
  return written;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const screens = SCREENS.filter((s) => only.length === 0 || only.some((word) => `${s.app}-${s.name}`.includes(word)));
  mkdirSync(OUT, { recursive: true });
  const mailbox = await startMailbox();
  const product = await startProduct({ smtpUrl: mailbox.url, env: { DEMO: '1' } });
  const browser = await launchChromium();
  const origins = { api: product.api, demoSite: product.demoSite };
  let written = 0;
  const failed: string[] = [];
  const began = Date.now();
  try {
    const staff = await signIn(browser, product.api, mailbox, STAFF_EMAIL);
    const customer = await signIn(browser, product.api, mailbox, CUSTOMER_EMAIL, 'acme');
    const newcomer = await signIn(browser, product.api, mailbox, NEWCOMER_EMAIL, 'acme');
    const ids: DemoIds = {
      ...(await demoIds(browser, product.api, staff, customer)),
      ...(await customerWorld(product.api, mailbox, product.demoSite, product.dataDir)),
    };
    // One context per signed-in person for the whole run: its cookie for the server's pages and,
    // once signed in there, the widget's own session on the demo host.
    const contexts = {
      staff: await browser.newContext({ storageState: staff }),
      customer: await browser.newContext({ storageState: customer }),
      newcomer: await browser.newContext({ storageState: newcomer }),
    };
    const needs = (session: string) => screens.some((s) => s.app === 'widget' && s.session === session);
    if (needs('customer')) await signInWidget(contexts.customer, product.demoSite, mailbox, CUSTOMER_EMAIL);
    if (needs('newcomer')) await signInWidget(contexts.newcomer, product.demoSite, mailbox, NEWCOMER_EMAIL);
    for (const locale of LOCALES) {
      await setLocale(browser, product.api, staff, locale);
      await setLocale(browser, product.api, customer, locale);
      await setLocale(browser, product.api, newcomer, locale);
      // Signed out, the language is the browser's.
      const signedOut = await browser.newContext({ locale: locale === 'fr' ? 'fr-FR' : 'en-US' });
      for (const screen of screens) {
        const context = screen.session === 'none' ? signedOut : contexts[screen.session];
        try {
          written += await shoot(context, origins, screen, ids, locale);
        } catch (err) {
          failed.push(`${screen.app}-${screen.name} ${locale}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
      await signedOut.close();
    }
    for (const context of Object.values(contexts)) await context.close();
  } finally {
    await browser.close();
    await product.stop();
    await mailbox.stop();
  }
  console.log(readyMs.join('\n'));
  console.log(`${written} screenshots in ${OUT} in ${Math.round((Date.now() - began) / 1000)} s`);
  if (failed.length) {
    console.error(`${failed.length} failed:\n${failed.join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
