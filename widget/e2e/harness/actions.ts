// What a person does in the browser, by accessible roles and names.
import type { Locator, Page } from 'playwright-core';
import { hasSignInCode, signInCode, type Mailbox } from './mailbox.js';

/** The sign-in screen's words (the widget's `tp-sign-in`, also the console's first screen). */
export interface SignInWords {
  email: RegExp;
  sendCode: string;
  code: RegExp;
  signIn: string;
}

export const SIGN_IN_EN: SignInWords = { email: /e-?mail/i, sendCode: 'Send code', code: /code/i, signIn: 'Sign in' };
export const SIGN_IN_FR: SignInWords = {
  email: /e-?mail/i,
  sendCode: 'Envoyer le code',
  code: /code/i,
  signIn: 'Se connecter',
};

/**
 * Signs in on the sign-in screen shown in `scope` with the code the product
 * emails to `email`, read from the SMTP peer.
 */
export async function signInWithEmailedCode(
  scope: Page | Locator,
  mailbox: Mailbox,
  email: string,
  words: SignInWords = SIGN_IN_EN,
): Promise<void> {
  const since = mailbox.mark();
  await scope.getByLabel(words.email).fill(email);
  await scope.getByRole('button', { name: words.sendCode, exact: true }).click();
  const code = signInCode(await mailbox.latest(email, { since, match: hasSignInCode }));
  await scope.getByLabel(words.code).fill(code);
  await scope.getByRole('button', { name: words.signIn, exact: true }).click();
}

/** The demo host site's page with the launcher of the embedded widget, opened. */
export async function openWidgetOnHost(page: Page, hostUrl: string, launcher = 'Support'): Promise<Locator> {
  await page.goto(hostUrl);
  await page.getByRole('button', { name: launcher, exact: true }).click();
  const panel = page.getByRole('dialog');
  await panel.waitFor();
  return panel;
}

/** In the ticket list: searches for `title` and opens that ticket. */
export async function openTicketFromList(scope: Page | Locator, title: string, searchLabel = 'Search'): Promise<void> {
  await scope.getByLabel(searchLabel, { exact: true }).fill(title);
  await scope.getByRole('button', { name: new RegExp(`^${escapeRegExp(title)}`) }).click();
  await scope.getByRole('heading', { name: title, exact: true }).waitFor();
}

/** `text` as a literal inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A word unique to one test run, to find its own tickets among the demo's. */
export function unique(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
}
