import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { ApiClient } from '../../api/client.js';
import {
  $,
  assert,
  authenticator,
  byText,
  emailedCode,
  equal,
  expectAccessible,
  find,
  textOf,
  type,
  waitFor,
  world,
} from '../../../test/helpers.js';
// The console's own entry, from source: this page gets the console's elements only.
import '../index.js';
import type { TpConsole } from './console-app.js';

/** The sign-in bodies the console sent, read back from a wrapped fetch. */
const sent: { url: string; body: Record<string, unknown> | null }[] = [];
const realFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  sent.push({ url, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null });
  return realFetch(input, init);
};

const start = location.pathname + location.search;

/** Puts the console on the page as the server's page would; `signedOut` as the server found the cookie. */
async function mountConsole(options: { path?: string; locale?: string; signedOut?: boolean } = {}): Promise<TpConsole> {
  history.replaceState(null, '', options.path ?? '/console');
  const el = document.createElement('tp-console');
  if (options.locale) el.setAttribute('locale', options.locale);
  if (options.signedOut) el.setAttribute('signed-out', '');
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Ends any session the cookie holds, as "Sign out" would. */
async function signOutCookie(): Promise<void> {
  await realFetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin' });
}

async function signInByKeyboard(el: TpConsole, email: string): Promise<void> {
  const input = await $<HTMLInputElement>(el, 'input#email');
  input.focus();
  await sendKeys({ type: email });
  await sendKeys({ press: 'Enter' });
  const code = await $<HTMLInputElement>(el, 'input#code');
  const digits = await emailedCode(email);
  code.focus();
  await sendKeys({ type: digits });
  await sendKeys({ press: 'Enter' });
}

describe('<tp-console>', () => {
  afterEach(async () => {
    for (const el of document.querySelectorAll('tp-console')) el.remove();
    await signOutCookie();
    await emulateMedia({ colorScheme: 'light' });
    await setViewport({ width: 800, height: 600 });
    history.replaceState(null, '', start);
  });

  it('signs an agent in without a portal, by keyboard, then shows the shell; axe-clean', async () => {
    const w = await world();
    await signOutCookie();
    sent.length = 0;
    const el = await mountConsole({ signedOut: true });
    await byText(el, 'h2', 'Sign in');
    await byText(el, 'h1', 'Support console');
    await expectAccessible(el);
    // Known to be signed out: no request that would answer 401.
    equal(sent.length, 0, 'requests before signing in');

    await signInByKeyboard(el, w.emails.agent);
    await byText(el, 'h2', 'Inbox');
    await byText(el, 'nav a[aria-current=page]', 'All open');
    const header = (await $(el, 'header')) as HTMLElement;
    const text = textOf(header);
    assert(text.includes('Sam Support') && text.includes(w.emails.agent), `name and email in the header: ${text}`);
    await byText(el, 'header button', 'Sign out');
    await expectAccessible(el);

    // No sign-in request named a portal, and the session went into the cookie.
    const signIns = sent.filter((r) => r.url.includes('/auth/email/'));
    equal(signIns.length, 2, 'start and verify');
    for (const r of signIns) equal(r.body && 'portal' in r.body, false, `no portal in ${r.url}`);
    equal(signIns[1]!.body?.channel, 'cookie', 'cookie channel');
    equal(localStorage.length + sessionStorage.length, 0, 'no token kept in storage');
    const me = await realFetch('/api/v1/me', { credentials: 'same-origin' });
    equal(me.status, 200, 'the cookie signs in');

    // Another page load: the cookie still signs in, no sign-in form on the way.
    el.remove();
    const again = await mountConsole();
    await byText(again, 'h2', 'Inbox');
    equal(find(again, 'tp-sign-in'), undefined, 'no sign-in form');

    // Sign out: back to the sign-in form, and the cookie no longer signs in.
    (await byText<HTMLButtonElement>(again, 'header button', 'Sign out')).click();
    await $(again, 'tp-sign-in');
    equal((await realFetch('/api/v1/me', { credentials: 'same-origin' })).status, 401, 'signed out on the server');
  });

  it('tells a signed-in customer that the console is for the support team', async () => {
    const w = await world();
    // Alice signs in on the full-screen portal of the same origin (the cookie is shared).
    await realFetch('/api/v1/auth/email/start', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portal: 'acme', email: w.emails.alice }),
    });
    const code = await emailedCode(w.emails.alice);
    const verified = await realFetch('/api/v1/auth/email/verify', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portal: 'acme', email: w.emails.alice, code, channel: 'cookie' }),
    });
    equal(verified.status, 200, 'customer signed in');
    const el = await mountConsole();
    await byText(el, '[role=alert]', 'is a customer account');
    equal(find(el, 'tp-console-inbox'), undefined, 'no console page');
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, 'main button', 'Sign out')).click();
    await $(el, 'tp-sign-in');
  });

  it('routes below /console with back and forward, and says when a page does not exist', async () => {
    const w = await world();
    await signOutCookie();
    const el = await mountConsole({ path: '/console/nowhere' });
    await signInByKeyboard(el, w.emails.agent);
    await byText(el, 'h2', 'Page not found');
    const link = await byText<HTMLAnchorElement>(el, 'a', 'Go to the inbox');
    link.click();
    await byText(el, 'h2', 'Inbox');
    equal(location.pathname, '/console', 'the address follows');
    history.back();
    await byText(el, 'h2', 'Page not found');
    equal(location.pathname, '/console/nowhere', 'back');
    history.forward();
    await byText(el, 'h2', 'Inbox');
    equal(document.title, 'Inbox · Tickets Portal console', 'the tab says where');
    // Focus moves to the new page's content, for keyboard and screen reader users.
    await waitFor(() => el.shadowRoot!.activeElement?.localName === 'main', 'focus on main');
  });

  it("offers admins the settings, portals first, and tells an agent who follows a link there that they are the admins'", async () => {
    const w = await world();
    await signOutCookie();
    const agentView = await mountConsole({ path: '/console/settings/portals/acme' });
    await signInByKeyboard(agentView, w.emails.agent);
    await byText(agentView, 'p', 'Only admins change the settings');
    equal(find(agentView, 'nav.sections a[href="/console/settings"]'), undefined, 'no Settings link for an agent');
    agentView.remove();
    await signOutCookie();

    const el = await mountConsole();
    await signInByKeyboard(el, w.emails.admin);
    (await $<HTMLAnchorElement>(el, 'nav.sections a[href="/console/settings"]')).click();
    const settings = await $(el, 'tp-console-settings');
    await byText(settings, 'nav.pages a[aria-current="page"]', 'Portals');
    equal(location.pathname, '/console/settings/portals', 'the first settings page has its address');
    equal(document.title, 'Settings · Tickets Portal console', 'the tab says where');
    (await byText<HTMLAnchorElement>(settings, 'nav.pages a', 'Audit log')).click();
    await byText(settings, 'nav.pages a[aria-current="page"]', 'Audit log');
    equal(location.pathname, '/console/settings/audit', 'the address follows');
    history.back();
    await byText(settings, 'nav.pages a[aria-current="page"]', 'Portals');
  });

  it('speaks French, works at 360 px and in the dark, signed out and in', async () => {
    const w = await world();
    await signOutCookie();
    await setViewport({ width: 360, height: 740 });
    await emulateMedia({ colorScheme: 'dark' });
    const el = await mountConsole({ locale: 'fr' });
    await byText(el, 'h2', 'Connexion');
    await byText(el, 'button', 'Envoyer le code');
    await byText(el, 'h1', 'Console de support');
    equal(document.documentElement.lang, 'fr', 'page language');
    const header = (await $(el, 'header')) as HTMLElement;
    // The dark palette's main color (tokens.ts): #60a5fa.
    equal(getComputedStyle(header).backgroundColor, 'rgb(96, 165, 250)', 'dark header');
    const fits = () => {
      const shell = el.shadowRoot!.querySelector('.shell')!;
      assert(shell.scrollWidth <= 360, `no sideways scroll at 360 px (${shell.scrollWidth})`);
      assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    };
    fits();
    await expectAccessible(el);

    // An admin: the widest header, with Settings as a fourth section.
    await signInByKeyboard(el, w.emails.admin);
    await byText(el, 'h2', 'Boîte de réception');
    await byText(el, 'header button', 'Se déconnecter');
    await byText(el, 'nav.sections a', 'Paramètres');
    fits();
    await expectAccessible(el);
  });

  it("switches to the agent's chosen language from the header, stored on the account", async () => {
    const w = await world();
    await signOutCookie();
    const el = await mountConsole({ signedOut: true });
    await signInByKeyboard(el, w.emails.agent);
    await byText(el, 'h2', 'Inbox');
    const select = await $<HTMLSelectElement>(el, 'header select#console-locale');
    equal(select.value, 'en', 'the account language');
    try {
      select.value = 'fr';
      select.dispatchEvent(new Event('change'));
      await byText(el, 'h2', 'Boîte de réception');
      await byText(el, 'header button', 'Se déconnecter');
      equal(document.documentElement.lang, 'fr', 'page language');
      const me = (await (await realFetch('/api/v1/me', { credentials: 'same-origin' })).json()) as { locale: string };
      equal(me.locale, 'fr', 'stored on the account');
      await expectAccessible(el);

      // Another page load: the account's language, whatever the browser's.
      el.remove();
      const again = await mountConsole();
      await byText(again, 'h2', 'Boîte de réception');
    } finally {
      await realFetch('/api/v1/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'en' }),
        credentials: 'same-origin',
      });
    }
  });

  it('shows the server refusal of a wrong code in the console language', async () => {
    const w = await world();
    await signOutCookie();
    const el = await mountConsole({ locale: 'fr', signedOut: true });
    const input = await $<HTMLInputElement>(el, 'input#email');
    input.focus();
    await sendKeys({ type: w.emails.agent });
    await sendKeys({ press: 'Enter' });
    const code = await $<HTMLInputElement>(el, 'input#code');
    code.focus();
    await sendKeys({ type: '000000' });
    await sendKeys({ press: 'Enter' });
    // The API words it in the language the console asks in (Accept-Language), not in English.
    await byText(el, '[role=alert]', 'erroné, expiré ou déjà utilisé');
  });

  it('lets an agent register a passkey on its own page, then sign in with it alone', async () => {
    const w = await world();
    await authenticator.add();
    try {
      await signOutCookie();
      const el = await mountConsole();
      await signInByKeyboard(el, w.emails.agent);
      await byText(el, 'h2', 'Inbox');
      (await byText<HTMLAnchorElement>(el, 'nav a', 'Passkeys')).click();
      await byText(el, 'h2', 'Your passkeys');
      equal(location.pathname, '/console/passkeys', 'the page has its own address');
      const manager = await $(el, 'tp-passkeys');
      type(await $<HTMLInputElement>(manager, 'input#pk-name'), 'Support desk');
      (await byText<HTMLButtonElement>(manager, 'button', 'Add a passkey')).click();
      await byText(manager, '[role=status]', 'Passkey added.');
      await byText(manager, 'li strong', 'Support desk');
      await expectAccessible(el);
      el.remove();
      await signOutCookie();

      const again = await mountConsole();
      (await byText<HTMLButtonElement>(again, 'button', 'Sign in with a passkey')).click();
      await byText(again, 'h2', 'Inbox');
      assert(textOf(again).includes('Sam Support'), 'signed in as the agent, by the passkey registered on the console');
    } finally {
      await authenticator.removeAll();
    }
  });

  it('signs staff in with a passkey alone, no portal involved', async () => {
    const w = await world();
    await authenticator.add();
    try {
      // The agent signs in once and registers a passkey on this device (the console's own client).
      await signOutCookie();
      const setup = await mountConsole();
      await signInByKeyboard(setup, w.emails.agent);
      await byText(setup, 'h2', 'Inbox');
      await new ApiClient(location.origin, null, true).addPasskey('Console laptop');
      setup.remove();
      await signOutCookie();

      sent.length = 0;
      const el = await mountConsole();
      (await byText<HTMLButtonElement>(el, 'button', 'Sign in with a passkey')).click();
      await byText(el, 'h2', 'Inbox');
      assert(textOf(el).includes('Sam Support'), 'signed in as the agent');
      const options = sent.find((r) => r.url.endsWith('/auth/passkeys/login/options'));
      equal(JSON.stringify(options?.body), '{}', 'the options named no portal');
    } finally {
      await authenticator.removeAll();
    }
  });
});
