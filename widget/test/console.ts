// Helpers of the console's component tests: a staff sign-in on the console's
// cookie and the console put on the page at an address.
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { TpConsole } from '../src/console/console-app/console-app.js';
import { emailedCode, equal } from './helpers.js';

/** Signs `email` in on the console's session cookie, as the sign-in form would (no portal). */
export async function signInConsole(email: string): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin' });
  equal((await post('/api/v1/auth/email/start', { email })).status, 202, 'sign-in started');
  const code = await emailedCode(email);
  equal((await post('/api/v1/auth/email/verify', { email, code, channel: 'cookie' })).status, 200, 'signed in');
}

/** Puts the console on the page at `path`, as the server's page would. */
export async function mountConsole(path = '/console', locale?: string): Promise<TpConsole> {
  history.replaceState(null, '', path);
  const el = document.createElement('tp-console');
  if (locale) el.setAttribute('locale', locale);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/**
 * Undoes what a console test left behind: takes every console off the page,
 * signs out (unless `signOut` is false), restores the light scheme and the
 * viewport, and puts the page back at `address`.
 */
export async function resetConsole(
  address: string,
  { signOut = true, viewport = { width: 800, height: 600 } } = {},
): Promise<void> {
  for (const el of document.querySelectorAll('tp-console')) el.remove();
  if (signOut) await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin' });
  await emulateMedia({ colorScheme: 'light' });
  await setViewport(viewport);
  history.replaceState(null, '', address);
}
