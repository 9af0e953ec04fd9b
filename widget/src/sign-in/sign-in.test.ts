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
    const w = await world();
    const el = await mount({ token: null });
    const email = await $<HTMLInputElement>(el, 'input#email');
    email.value = w.emails.alice;
    (await byText<HTMLButtonElement>(el, 'button', 'Send code')).click();
    const code = await $<HTMLInputElement>(el, 'input#code');
    const real = await emailedCode(w.emails.alice);
    const wrong = real === '000000' ? '111111' : '000000';
    code.value = wrong;
    (await byText<HTMLButtonElement>(el, 'button', 'Sign in')).click();
    const alert = await $(el, '[role=alert]');
    assert(alert.textContent!.trim().length > 0, 'an error is shown');
    assert(!alert.textContent!.includes('code:'), 'the message does not repeat the field name');
    equal(find(el, 'tp-ticket-list'), undefined, 'still signed out');
  });

  it('shows a French visitor the message the server words for them, as it comes', async () => {
    const w = await world();
    const el = await mount({ token: null, locale: 'fr' });
    const email = await $<HTMLInputElement>(el, 'input#email');
    email.value = w.emails.alice;
    (await byText<HTMLButtonElement>(el, 'button', 'Envoyer le code')).click();
    const code = await $<HTMLInputElement>(el, 'input#code');
    const real = await emailedCode(w.emails.alice);
    const wrong = real === '000000' ? '111111' : '000000';
    code.value = wrong;
    (await byText<HTMLButtonElement>(el, 'button', 'Se connecter')).click();
    const alert = await $(el, '[role=alert]');

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
