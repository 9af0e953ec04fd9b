import {
  $,
  assert,
  authenticator,
  byText,
  cleanup,
  emailedCode,
  equal,
  expectAccessible,
  find,
  findAll,
  mount,
  server,
  type,
  waitFor,
  world,
} from '../../test/helpers.js';
import type { TicketsPortal } from '../tickets-portal/tickets-portal.js';

// The full-screen portal on the server's own origin: this page's origin forwards
// /api/ to the harness server, whose public URL (so the passkeys' relying party)
// it is. A virtual platform authenticator (DevTools WebAuthn) plays the device.

const start = location.href;

/** The portal as /p/acme serves it: full screen, talking to its own origin. */
async function fullscreen(locale?: string): Promise<TicketsPortal> {
  history.replaceState(null, '', '/p/acme');
  return mount({ mode: 'fullscreen', api: location.origin, token: null, locale });
}

async function signInByEmail(el: TicketsPortal): Promise<void> {
  const w = await world();
  type(await $<HTMLInputElement>(el, 'input#email'), w.emails.passkey);
  (await byText<HTMLButtonElement>(el, 'button', 'Send code')).click();
  type(await $<HTMLInputElement>(el, 'input#code'), await emailedCode(w.emails.passkey));
  (await byText<HTMLButtonElement>(el, 'button', 'Sign in')).click();
  await byText(el, 'h2', 'Tickets');
}

/** The passkeys section of the account view. */
const pk = (el: TicketsPortal) => $(el, 'tp-passkeys');

async function openAccount(el: TicketsPortal): Promise<void> {
  (await byText<HTMLButtonElement>(el, 'header button', 'Account')).click();
  const section = await pk(el);
  await byText(section, 'h3', 'Passkeys');
  await waitFor(() => find(section, 'ul, p.none'), 'passkeys listed');
}

async function signOut(el: TicketsPortal): Promise<void> {
  (await byText<HTMLButtonElement>(el, 'button', /^\s*Sign out\s*$/)).click();
  await byText(el, 'h2', 'Sign in');
}

describe('passkeys in the full-screen portal', () => {
  let device = '';
  before(async () => {
    device = await authenticator.add();
  });
  afterEach(async () => {
    // Sign out on the server too: the session cookie belongs to this page's host, not to one test.
    await fetch('/api/v1/auth/logout', { method: 'POST' });
    cleanup();
    history.replaceState(null, '', start);
  });
  after(() => authenticator.removeAll());

  it('registers a passkey after an email-code sign-in, then signs in with the passkey alone', async () => {
    const el = await fullscreen();
    await signInByEmail(el);
    equal(sessionStorage.getItem('tp:acme:access'), null, 'no bearer token in full screen');
    equal(localStorage.getItem('tp:acme:refresh'), null, 'no refresh token in full screen');
    equal((await fetch('/api/v1/me')).status, 200, 'the session is the (HttpOnly) cookie');
    assert(!document.cookie.includes('tp_session'), 'the cookie is out of reach of scripts');

    await openAccount(el);
    await byText(await pk(el), 'p', 'No passkeys yet.');
    await expectAccessible(el);
    type(await $<HTMLInputElement>(el, 'input#pk-name'), 'Work laptop');
    (await byText<HTMLButtonElement>(el, 'button', 'Add a passkey')).click();
    await byText(await pk(el), '[role=status]', 'Passkey added.');
    await byText(await pk(el), 'li strong', 'Work laptop');
    const held = await authenticator.credentials(device);
    equal(held.length, 1, 'passkeys on the device');
    assert(held[0]!.resident, 'a discoverable passkey (it alone signs in)');
    await expectAccessible(el);

    await signOut(el);
    equal((await fetch('/api/v1/me')).status, 401, 'signed out on the server');
    (await byText<HTMLButtonElement>(el, 'button', 'Sign in with a passkey')).click();
    await byText(el, 'h2', 'Tickets');
    equal(
      (await fetch('/api/v1/me').then((r) => r.json())).email,
      (await world()).emails.passkey,
      'signed in as the passkey owner',
    );
    assert(
      (await authenticator.credentials(device))[0]!.signCount > held[0]!.signCount,
      'the signature counter moved on',
    );

    await openAccount(el);
    await byText(await pk(el), 'li p', 'Last used');
  });

  it('renames and deletes a passkey, by keyboard-reachable buttons named after it', async () => {
    const el = await fullscreen();
    await signInByEmail(el);
    await openAccount(el);
    (await byText<HTMLButtonElement>(el, 'button', 'Rename Work laptop')).click();
    const input = await $<HTMLInputElement>(el, 'input#pk-rename');
    const section = await pk(el);
    await waitFor(() => section.shadowRoot!.activeElement === input, 'focus in the name field');
    equal(input.value, 'Work laptop');
    await expectAccessible(el);
    type(input, 'Phone');
    (await byText<HTMLButtonElement>(await pk(el), 'li button', 'Save')).click();
    await byText(await pk(el), 'li strong', 'Phone');
    await byText(await pk(el), '[role=status]', 'Saved.');
    equal((await fetch('/api/v1/auth/passkeys').then((r) => r.json())).items[0].name, 'Phone', 'renamed on the server');

    (await byText<HTMLButtonElement>(el, 'button', 'Delete Phone')).click();
    await byText(await pk(el), '[role=status]', 'Passkey deleted.');
    await byText(await pk(el), 'p', 'No passkeys yet.');
    equal((await fetch('/api/v1/auth/passkeys').then((r) => r.json())).items.length, 0, 'deleted on the server');
    await expectAccessible(el);

    // The device still holds it, but the server no longer knows it.
    await signOut(el);
    (await byText<HTMLButtonElement>(el, 'button', 'Sign in with a passkey')).click();
    await byText(el, '[role=alert]', 'This passkey was not accepted.');
    equal(find(el, 'tp-ticket-list'), undefined, 'still signed out');
  });

  it('asks to sign in again when the sign-in is more than ten minutes old', async () => {
    const el = await fullscreen();
    await signInByEmail(el);
    await openAccount(el);
    equal(await server.ageCookieSessions('pia'), 1, 'sessions aged');
    (await byText<HTMLButtonElement>(el, 'button', 'Add a passkey')).click();
    await byText(await pk(el), '[role=alert]', 'For your security, sign in again to add a passkey.');
    equal(findAll(await pk(el), 'li').length, 0, 'nothing added');
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(await pk(el), 'button', 'Sign in again')).click();
    await byText(el, 'h2', 'Sign in');
    await signInByEmail(el);
    await openAccount(el);
    (await byText<HTMLButtonElement>(el, 'button', 'Add a passkey')).click();
    await byText(await pk(el), '[role=status]', 'Passkey added.');
    await byText(await pk(el), 'li strong', 'Passkey');
  });

  it('speaks French', async () => {
    const el = await fullscreen('fr');
    await byText(el, 'button', 'Se connecter avec une clé d’accès');
    await expectAccessible(el);
  });

  it('is offered only in the full-screen portal on the server’s origin', async () => {
    const w = await world();
    const inline = await mount({ mode: 'inline', api: location.origin, token: null });
    await $(inline, 'input#email');
    equal(
      findAll(inline, 'button').filter((b) => /passkey/i.test(b.textContent ?? '')).length,
      0,
      'no passkey button inline',
    );
    cleanup();
    history.replaceState(null, '', '/p/acme');
    const elsewhere = await mount({ mode: 'fullscreen', api: w.api, token: w.tokens.bob });
    (await byText<HTMLButtonElement>(elsewhere, 'header button', 'Account')).click();
    await byText(elsewhere, 'h2', 'Account');
    equal(find(elsewhere, 'tp-passkeys'), undefined, 'no passkeys when the page is not on the server origin');
  });
});
