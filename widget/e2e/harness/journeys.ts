// One test file's world: an SMTP peer, the product started as `npm start` does,
// the admin API for setup, and Chromium. Everything stops after the file, also
// on failure; a failing test leaves screenshots of its pages in `.artifacts/`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AdminApi } from './api.js';
import { launchChromium } from './browser.js';
import { startMailbox, type Mailbox } from './mailbox.js';
import { startProduct, type Product } from './product.js';

/** Screenshots and logs of failed tests (of all with E2E_SCREENSHOTS=all); git-ignored, for reading a red run. */
export const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));

/** How long an action or a wait in the browser may take on a loaded 2-core machine. */
export const UI_TIMEOUT_MS = 15_000;

export interface JourneyOptions {
  /** More environment for the product, e.g. `{DEMO: '0', ADMIN_EMAIL: '…'}`. */
  env?: Record<string, string>;
  /**
   * Sign the demo admin in on the admin API and add the demo host site's
   * origin (a free port) to the `acme` portal's allowed sites. Default true;
   * false for a product left exactly as it starts.
   */
  adminSetup?: boolean;
}

export interface Journeys {
  readonly product: Product;
  readonly mailbox: Mailbox;
  /** The admin API as admin@example.com (with `adminSetup`). */
  readonly admin: AdminApi;
  readonly browser: Browser;
  /**
   * A new browser context (its own storage and cookies) and a page in it,
   * closed after the test, or after the file with `keep: 'file'` (a journey
   * whose steps are separate tests).
   */
  page(options?: BrowserContextOptions & { keep?: 'test' | 'file' }): Promise<Page>;
  /**
   * Stops the product, keeping its data, and starts it again on that data
   * (on new free ports, so also another DEMO_SITE_PORT); `product` is then the new one.
   */
  restart(): Promise<Product>;
}

const slug = (text: string) =>
  text
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
    .toLowerCase();

/** Registers the hooks that build and tear down one test file's world (`import.meta.url` of the file); read it inside tests. */
export function useJourneys(testFileUrl: string, options: JourneyOptions = {}): Journeys {
  const adminSetup = options.adminSetup ?? true;
  const file = basename(fileURLToPath(testFileUrl)).replace(/\.test\.ts$/, '');
  let mailbox: Mailbox | undefined;
  let product: Product | undefined;
  let admin: AdminApi | undefined;
  let browser: Browser | undefined;
  const testContexts: BrowserContext[] = [];
  const fileContexts: BrowserContext[] = [];
  let failures = 0;

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready (did beforeAll fail?)`);
    return value;
  };

  beforeAll(async () => {
    mailbox = await startMailbox();
    browser = await launchChromium();
    product = await startProduct({ smtpUrl: mailbox.url, ...(options.env ? { env: options.env } : {}) });
    if (adminSetup) {
      admin = await AdminApi.signIn(product.api, mailbox);
      await admin.allowOrigin('acme', product.demoSite);
    }
  }, 120_000);

  afterEach(async ({ task }) => {
    const contexts = [...testContexts, ...fileContexts];
    const failed = task.result?.state === 'fail';
    if (failed) failures += 1;
    // E2E_SCREENSHOTS=all keeps pictures of passing tests too, to look at a green run.
    if (failed || process.env.E2E_SCREENSHOTS === 'all') {
      const dir = join(ARTIFACTS, file);
      mkdirSync(dir, { recursive: true });
      let n = 0;
      for (const page of contexts.flatMap((c) => c.pages())) {
        n += 1;
        // The panel scrolls inside itself: show the first error, if any, in the picture.
        await page
          .getByRole('alert')
          .first()
          .scrollIntoViewIfNeeded({ timeout: 1000 })
          .catch(() => undefined);
        await page
          .screenshot({ path: join(dir, `${slug(task.name)}-${n}.png`), fullPage: true })
          .catch(() => undefined);
      }
    }
    await Promise.all(testContexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await Promise.all(fileContexts.splice(0).map((c) => c.close().catch(() => undefined)));
    await browser?.close().catch(() => undefined);
    if (failures > 0 && product) {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `${file}.product.log`), product.output());
    }
    await product?.stop().catch(() => undefined);
    await mailbox?.stop().catch(() => undefined);
  }, 60_000);

  return {
    get product() {
      return need(product, 'the product');
    },
    get mailbox() {
      return need(mailbox, 'the mailbox');
    },
    get admin() {
      return need(admin, 'the admin API (adminSetup)');
    },
    get browser() {
      return need(browser, 'the browser');
    },
    async page({ keep = 'test', ...contextOptions } = {}) {
      const context = await need(browser, 'the browser').newContext(contextOptions);
      context.setDefaultTimeout(UI_TIMEOUT_MS);
      (keep === 'file' ? fileContexts : testContexts).push(context);
      return context.newPage();
    },
    async restart() {
      const before = need(product, 'the product');
      await before.stop({ keepData: true });
      const log = before.output();
      product = undefined;
      const after = await startProduct({
        smtpUrl: need(mailbox, 'the mailbox').url,
        dataDir: before.dataDir,
        ...(options.env ? { env: options.env } : {}),
      });
      product = { ...after, output: () => `${log}\n--- restarted ---\n${after.output()}` };
      return product;
    },
  };
}
