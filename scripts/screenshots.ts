// `npm run screenshots`: starts the product as `npm start` does (demo data, a temp
// data directory, free ports, a real SMTP peer for the sign-in codes), signs the
// demo admin in on the console and a demo customer on the full-screen portal,
// and writes a PNG of every screen in scripts/screenshot-screens.ts in light and
// dark, English and French, 1280 and 360 px wide, to screenshots/ (git-ignored).
//   npm run screenshots                 every screen
//   npm run screenshots -- inbox people only screens whose name contains one of the words
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../widget/e2e/harness/browser.js';
import { hasSignInCode, signInCode, startMailbox, type Mailbox } from '../widget/e2e/harness/mailbox.js';
import { REPO_ROOT, startProduct } from '../widget/e2e/harness/product.js';
import { SCREENS, type DemoIds, type Screen } from './screenshot-screens.js';

const OUT = join(REPO_ROOT, 'screenshots');
/** How long each screen took from navigation to ready (a fresh page each time: the first-screen budget is 1 s). */
const readyMs: string[] = [];
const STAFF_EMAIL = 'admin@example.com';
const CUSTOMER_EMAIL = 'alice@acme.example';
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

async function demoIds(browser: Browser, api: string, staff: StorageState, customer: StorageState): Promise<DemoIds> {
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

async function shoot(
  browser: Browser,
  api: string,
  screen: Screen,
  ids: DemoIds,
  state: StorageState | undefined,
  variant: { width: number; scheme: 'light' | 'dark'; locale: Locale },
): Promise<string> {
  const context = await browser.newContext({
    viewport: { width: variant.width, height: variant.width < 600 ? 740 : 800 },
    colorScheme: variant.scheme,
    locale: variant.locale === 'fr' ? 'fr-FR' : 'en-US',
    reducedMotion: 'reduce',
    ...(state && { storageState: state }),
  });
  const page = await context.newPage();
  // A screen that never gets ready fails in seconds, not the default half-minute.
  page.setDefaultTimeout(10_000);
  const file = join(OUT, `${screen.app}-${screen.name}-${variant.width}-${variant.scheme}-${variant.locale}.png`);
  try {
    const started = Date.now();
    await page.goto(`${api}${screen.path(ids)}`);
    await screen.ready(page);
    readyMs.push(
      `${screen.app}-${screen.name} ${variant.width} ${variant.scheme} ${variant.locale}: ${Date.now() - started} ms`,
    );
    // Let the last answers (counts, live stream) land and the fonts settle.
    await page.waitForTimeout(300);
    if (screen.fullPage) {
      // The console scrolls inside its own element (fixed to the viewport), which Playwright's
      // fullPage does not see: grow the viewport to the content's height instead.
      const height = await page.evaluate(() =>
        Math.max(...[document.documentElement, ...document.body.children].map((e) => e.scrollHeight)),
      );
      await page.setViewportSize({ width: variant.width, height: Math.min(height, 4000) });
      await page.waitForTimeout(200);
    }
    await page.screenshot({ path: file, fullPage: screen.fullPage ?? false });
  } finally {
    await context.close();
  }
  return file;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const screens = SCREENS.filter((s) => only.length === 0 || only.some((word) => `${s.app}-${s.name}`.includes(word)));
  mkdirSync(OUT, { recursive: true });
  const mailbox = await startMailbox();
  const product = await startProduct({ smtpUrl: mailbox.url, env: { DEMO: '1' } });
  const browser = await launchChromium();
  let written = 0;
  const failed: string[] = [];
  try {
    const staff = await signIn(browser, product.api, mailbox, STAFF_EMAIL);
    const customer = await signIn(browser, product.api, mailbox, CUSTOMER_EMAIL, 'acme');
    const ids = await demoIds(browser, product.api, staff, customer);
    for (const locale of LOCALES) {
      await setLocale(browser, product.api, staff, locale);
      await setLocale(browser, product.api, customer, locale);
      for (const screen of screens) {
        const state = screen.session === 'staff' ? staff : screen.session === 'customer' ? customer : undefined;
        for (const width of WIDTHS) {
          for (const scheme of SCHEMES) {
            try {
              await shoot(browser, product.api, screen, ids, state, { width, scheme, locale });
              written++;
            } catch (err) {
              failed.push(
                `${screen.app}-${screen.name} ${width} ${scheme} ${locale}: ${(err as Error).message.split('\n')[0]}`,
              );
            }
          }
        }
      }
    }
  } finally {
    await browser.close();
    await product.stop();
    await mailbox.stop();
  }
  console.log(readyMs.join('\n'));
  console.log(`${written} screenshots in ${OUT}`);
  if (failed.length) {
    console.error(`${failed.length} failed:\n${failed.join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
