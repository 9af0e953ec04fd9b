// The system Chromium, driven by playwright-core, and what a page shows its developer.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page, type Request, type Response } from 'playwright-core';

/** The system Chromium (NOTES.md); CHROMIUM_PATH overrides it, as for the widget suite. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags NOTES.md gives for this machine (root, no GPU, a closed network); the widget suite's too. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Fails with what to do when the system Chromium is missing (`npm test` installs it with apt-get). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
}

/** A headless Chromium for one test file. */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What a page did on the network and said in its console, recorded as it happens. */
export interface PageLog {
  requests: Request[];
  responses: Response[];
  /** Console messages of type `error` (a failed resource load is one too). */
  errors: ConsoleMessage[];
  /** Uncaught exceptions of the page. */
  exceptions: Error[];
}

/** Starts recording `page`'s requests, answers, console errors and uncaught exceptions. */
export function watch(page: Page): PageLog {
  const log: PageLog = { requests: [], responses: [], errors: [], exceptions: [] };
  page.on('request', (r) => log.requests.push(r));
  page.on('response', (r) => log.responses.push(r));
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m);
  });
  page.on('pageerror', (e) => log.exceptions.push(e));
  return log;
}

/** `#c2410c` → `rgb(194, 65, 12)`, as getComputedStyle writes colors. */
export function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
