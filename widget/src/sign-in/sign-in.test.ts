import { sendKeys } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  cleanup,
  emailedCode,
  equal,
  expectAccessible,
  find,
  mount,
  world,
} from '../../test/helpers.js';

/**
 * Asks Alice's code on `el`'s sign-in form, enters a wrong one and submits it
 * (the buttons named `send` and `signIn`): the alert shown, and the wrong code.
 */
async function signInWithWrongCode(
  el: Element,
  send: string,
  signIn: string,
): Promise<{ alert: Element; wrong: string }> {
  const w = await world();
  const email = await $<HTMLInputElement>(el, 'input#email');
  email.value = w.emails.alice;
  (await byText<HTMLButtonElement>(el, 'button', send)).click();
  const code = await $<HTMLInputElement>(el, 'input#code');
  const real = await emailedCode(w.emails.alice);
  const wrong = real === '000000' ? '111111' : '000000';
  code.value = wrong;
  (await byText<HTMLButtonElement>(el, 'button', signIn)).click();
  return { alert: await $(el, '[role=alert]'), wrong };
}

describe('<tp-sign-in>', () => {
  afterEach(cleanup);

  it('signs in with the emailed 6-digit code, by keyboard, and keeps the refresh token per portal', async () => {
    const w = await world();
    const el = await mount({ token: null });
    const email = await $<HTMLInputElement>(el, 'input#email');
    await byText(el, '.brand p', 'Sign in to Acme Support');
    await expectAccessible(el);
    email.focus();
    await sendKeys({ type: w.emails.alice });
    const sentAt = Date.now();
    await sendKeys({ press: 'Enter' });
    const code = await $<HTMLInputElement>(el, 'input#code');
    // The code step says until when the code works (10 minutes on), in the customer's time.
    const until = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(sentAt + 10 * 60_000);
    const later = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(Date.now() + 10 * 60_000);
    const sent = await byText(el, 'p#sent', 'valid for 10 minutes');
    assert(
      sent.textContent!.includes(until) || sent.textContent!.includes(later),
      `names the expiry: ${sent.textContent}`,
    );
    equal(code.getAttribute('aria-describedby'), 'sent', 'the field is described by it');
    const digits = await emailedCode(w.emails.alice);
    assert(/^\d{6}$/.test(digits), 'a code was emailed');

    code.focus();
    await sendKeys({ type: '12' });
    await sendKeys({ press: 'Enter' });
    await byText(el, '[role=alert]', 'Enter the 6 digits');
    await expectAccessible(el);

    code.value = '';
    code.focus();
    await sendKeys({ type: digits });
    await sendKeys({ press: 'Enter' });
    await byText(el, 'li button', 'Printer on floor 2 jams');
    assert(localStorage.getItem('tp:acme:refresh'), 'refresh token kept in localStorage under the portal');
  });

  it('shows the API error for a wrong code', async () => {
    const el = await mount({ token: null });
    const { alert } = await signInWithWrongCode(el, 'Send code', 'Sign in');
    assert(alert.textContent!.trim().length > 0, 'an error is shown');
    assert(!alert.textContent!.includes('code:'), 'the message does not repeat the field name');
    equal(find(el, 'tp-ticket-list'), undefined, 'still signed out');
  });

  it('shows a French visitor the message the server words for them, as it comes', async () => {
    const w = await world();
    const { alert, wrong } = await signInWithWrongCode(
      await mount({ token: null, locale: 'fr' }),
      'Envoyer le code',
      'Se connecter',
    );

    // The same request, asked in French: the server's own message (it localizes by Accept-Language).
    const res = await fetch(`${w.api}/api/v1/auth/email/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'fr' },
      body: JSON.stringify({ portal: 'acme', email: w.emails.alice, code: wrong }),
    });
    const { error } = (await res.json()) as { error: { message: string; field?: string } };
    equal(error.field, 'code', 'the field');
    // Shown next to the field, so without the field's name in front (`code: `, in French `code : `).
    equal(alert.textContent!.trim(), error.message.replace(/^code ?: /, ''), 'the server message as it comes');
    assert(!/^code ?:/.test(alert.textContent!.trim()), 'without the field name in front');
  });

  it('speaks French from the locale attribute', async () => {
    const el = await mount({ token: null, locale: 'fr' });
    await byText(el, 'h2', 'Connexion');
    await byText(el, 'button', 'Envoyer le code');
    await expectAccessible(el);
  });
});
