import { setViewport } from '@web/test-runner-commands';
import {
  assert,
  $,
  byText,
  equal,
  expectAccessible,
  find,
  findAll,
  textOf,
  type,
  waitFor,
  world,
} from '../../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../../test/console.js';
import { dropPortal, portalNow, testPortal } from '../settings-portals/test-portal.js';
import '../../index.js';

const start = location.pathname + location.search;
const SLUG = 'b-embed';

function button(el: Element, label: string): HTMLButtonElement {
  const b = find<HTMLButtonElement>(el, `button[aria-label="${label}"]`);
  assert(b, `a button "${label}"`);
  return b;
}

/** A fresh P-256 public key as PEM, as a host site would paste it. */
async function publicPem(): Promise<string> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const der = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const b64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----`;
}

describe('settings: embedding and sign-in', () => {
  afterEach(async () => {
    await dropPortal(SLUG);
    await resetConsole(start);
  });

  it('shows the script tag, edits allowed sites and priorities, and manages identity keys', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await testPortal(SLUG, { allowedOrigins: ['https://shop.example'] });
    const el = await mountConsole(`/console/settings/portals/${SLUG}/embedding`);
    const tag = await $(el, 'code#script-tag');
    equal(
      tag.textContent,
      `<script src="${location.origin}/widget/tickets-portal.js" data-portal="${SLUG}" async></script>`,
      'the script tag',
    );
    (await byText<HTMLButtonElement>(el, 'button', 'Copy')).click();
    await byText(el, '[role=status]', /Copied\.|Copying failed/);
    await expectAccessible(el);

    // Allowed sites: a path is refused here, naming the field; the origin is normalized.
    const origin = await $<HTMLInputElement>(el, 'input#origin');
    type(origin, 'https://example.com/page');
    (await byText<HTMLButtonElement>(el, 'fieldset button', 'Add')).click();
    await byText(el, '[role=alert]', 'Allowed site: enter an origin such as https://example.com');
    equal(origin.getAttribute('aria-invalid'), 'true', 'marked invalid');
    type(origin, 'https://Example.com/');
    (await byText<HTMLButtonElement>(el, 'fieldset button', 'Add')).click();
    await byText(el, 'ul.origins code', 'https://example.com');
    button(el, 'Remove https://shop.example').click();
    await waitFor(
      () => !findAll(el, 'ul.origins code').some((c) => c.textContent === 'https://shop.example'),
      'removed',
    );

    // No priority at all: the server refuses, and says which field.
    for (const label of findAll<HTMLLabelElement>(el, 'fieldset.inline label.check')) {
      const box = label.querySelector('input')!;
      if (box.checked) box.click();
    }
    (await byText<HTMLButtonElement>(el, 'button.primary', 'Save')).click();
    await byText(el, '[role=alert]', 'Priorities offered:');
    (await byText<HTMLLabelElement>(el, 'fieldset.inline label', 'High')).querySelector('input')!.click();
    (await byText<HTMLLabelElement>(el, 'label.check', 'Timesheets')).querySelector('input')!.click();
    (await byText<HTMLButtonElement>(el, 'button.primary', 'Save')).click();
    await byText(el, '[role=status]', 'Saved.');
    let saved = (await portalNow(SLUG)).config;
    equal(saved.allowedOrigins.join(), 'https://example.com', 'origins saved');
    equal(saved.priorities.join(), 'high', 'priorities saved');
    equal(saved.timesheets, true, 'timesheets saved');

    // Keys: a secret shown once, then a public key pasted as PEM.
    await byText(el, 'p', 'No key yet');
    type(await $<HTMLInputElement>(el, 'input#kid'), 'k1');
    (await byText<HTMLButtonElement>(el, 'button', 'Generate a secret (HS256)')).click();
    const secret = await byText(el, '.secret', 'Secret of key k1');
    assert(textOf(secret).includes('shown this once'), 'the warning');
    assert((find(el, '.secret pre code')?.textContent ?? '').length >= 32, 'the secret');
    await byText(el, 'td code', 'k1');
    await byText(el, 'pre code', "kid: 'k1'");
    await byText(el, 'pre code', `.setAudience('${SLUG}')`);
    await byText(el, 'pre code', `data-portal="${SLUG}" data-identity-token="TOKEN"`);
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, 'button', 'I stored it')).click();
    await waitFor(() => !find(el, '.secret'), 'the secret is gone');

    type(await $<HTMLTextAreaElement>(el, 'textarea#public-key'), 'hello');
    (await byText<HTMLButtonElement>(el, 'button', 'Add the public key')).click();
    await byText(el, '[role=alert]', 'Public key: paste a P-256 public key');
    type(await $<HTMLInputElement>(el, 'input#kid'), 'k2');
    type(await $<HTMLTextAreaElement>(el, 'textarea#public-key'), await publicPem());
    (await byText<HTMLButtonElement>(el, 'button', 'Add the public key')).click();
    await byText(el, 'td code', 'k2');
    await byText(el, 'pre code', "alg: 'ES256', kid: 'k2'");
    saved = (await portalNow(SLUG)).config;
    equal(saved.identity.keys.map((k) => `${k.kid}:${k.alg}`).join(), 'k1:HS256,k2:ES256', 'keys on the server');

    // Rotation's last step: remove the old key, after saying what that does.
    button(el, 'Remove key k1').click();
    await byText(el, '[role=alert]', 'Tokens signed with k1 stop working at once.');
    (await byText<HTMLButtonElement>(el, 'button.danger', 'Remove key k1')).click();
    await byText(el, '[role=status]', 'Key k1 removed.');
    equal((await portalNow(SLUG)).config.identity.keys.map((k) => k.kid).join(), 'k2', 'k1 removed');
  });

  it('reads in French at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await testPortal(SLUG);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole(`/console/settings/portals/${SLUG}/embedding`, 'fr');
    await byText(el, 'h4', 'Balise script');
    await byText(el, 'legend', 'Sites autorisés');
    await byText(el, 'label', 'Haute');
    await waitFor(() => document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
  });
});
