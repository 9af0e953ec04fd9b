import { emulateMedia, setViewport } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  equal,
  expectAccessible,
  find,
  findAll,
  loadBundle,
  waitFor,
  world,
} from '../../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../../test/console.js';
import type { TicketsPortal } from '../../../tickets-portal/tickets-portal.js';
// The console's own entry, from source.
import '../../index.js';

const start = location.pathname + location.search;

/** An admin API call on the console's cookie; answers the JSON. */
async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1/admin${path}`, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert(res.ok, `${method} ${path}: ${res.status}`);
  return (await res.json()) as T;
}

type Branding = Record<'light' | 'dark', Record<string, string | null>>;

/** A fresh portal of this test's own (other files count on acme's colors). */
async function freshPortal(): Promise<string> {
  const slug = `look-${Math.random().toString(36).slice(2, 8)}`;
  await admin('POST', '/portals', { slug, config: { name: 'Look Portal' } });
  return slug;
}

/** Types `text` into a field as a person would (the input event the page listens to). */
function type(input: HTMLInputElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

const rgb = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

async function open(locale?: string) {
  const w = await world();
  await signInConsole(w.emails.admin);
  // The widget the previews show, from the test server (the console asks its own origin, which is this page's).
  await loadBundle();
  const slug = await freshPortal();
  const el = await mountConsole(`/console/settings/portals/${slug}/appearance`, locale);
  const tab = await $(el, 'tp-portal-appearance');
  await waitFor(
    () => find(tab, 'tickets-portal[data-scheme=dark]')?.shadowRoot?.querySelector('header'),
    'the previews',
  );
  return { el, tab, slug };
}

const header = (tab: Element, scheme: 'light' | 'dark') =>
  find(tab, `tickets-portal[data-scheme=${scheme}]`)!.shadowRoot!.querySelector('header')!;

describe('console: portal appearance', () => {
  afterEach(() => resetConsole(start));

  it('keeps the picker and the hex field in step, and the live preview follows every keystroke', async () => {
    const { tab, slug } = await open();
    const hex = await $<HTMLInputElement>(tab, 'input#light-mainColor');
    const picker = hex.parentElement!.querySelector<HTMLInputElement>('input[type=color]')!;
    equal(hex.value, picker.value, 'both show the saved color');

    type(hex, '#7E22CE');
    await waitFor(() => picker.value === '#7e22ce', 'the picker follows the hex field');
    await waitFor(() => getComputedStyle(header(tab, 'light')).backgroundColor === rgb('#7e22ce'), 'light preview');
    // The dark preview keeps the dark palette.
    assert(getComputedStyle(header(tab, 'dark')).backgroundColor !== rgb('#7e22ce'), 'dark preview untouched');

    picker.value = '#15803d';
    picker.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitFor(() => hex.value === '#15803d', 'the hex field follows the picker');
    await waitFor(() => getComputedStyle(header(tab, 'light')).backgroundColor === rgb('#15803d'), 'preview again');

    // Half a color: said in words, marked invalid; the preview keeps the last valid one.
    type(hex, '#15');
    await byText(tab, 'p.error', 'Use a color like #1a2b3c.');
    equal(hex.getAttribute('aria-invalid'), 'true', 'marked invalid');
    equal(getComputedStyle(header(tab, 'light')).backgroundColor, rgb('#15803d'), 'last valid color kept');
    await expectAccessible(tab);

    // Discard: the saved colors again, in the field and the preview.
    (await byText<HTMLButtonElement>(tab, 'button', 'Discard changes')).click();
    await waitFor(() => hex.value === '#2563eb', 'the saved color is back');
    await waitFor(() => getComputedStyle(header(tab, 'light')).backgroundColor === rgb('#2563eb'), 'preview reset');

    // Save sends the name and the colors at once.
    type(await $<HTMLInputElement>(tab, 'input#name'), 'Look Again');
    type(hex, '#15803d');
    (await byText<HTMLButtonElement>(tab, 'button', 'Save changes')).click();
    await byText(tab, 'p[role=status]', 'Saved.');
    const saved = await admin<{ config: { name: string; branding: Branding } }>('GET', `/portals/${slug}`);
    equal(saved.config.name, 'Look Again', 'name saved');
    equal(saved.config.branding.light.mainColor, '#15803d', 'color saved');
    await waitFor(
      () =>
        find(tab, 'tickets-portal[data-scheme=light]')!.shadowRoot!.querySelector('h1')?.textContent === 'Look Again',
      'preview name',
    );
  });

  it('warns where text would fail WCAG AA, and stops when the colors are fixed', async () => {
    const { tab } = await open();
    equal(findAll(tab, '.warning').length, 0, 'the default colors pass');
    // White on yellow: about 1.1:1.
    type(await $<HTMLInputElement>(tab, 'input#light-mainColor'), '#facc15');
    const warning = await $(tab, '.warning[data-contrast=mainTextColor]');
    assert(/1\.\d:1/.test(warning.textContent ?? ''), `the ratio is given: ${warning.textContent}`);
    const text = await $<HTMLInputElement>(tab, 'input#light-mainTextColor');
    assert(text.getAttribute('aria-describedby')?.includes('light-mainTextColor-low'), 'the field points at it');
    await expectAccessible(tab);
    type(text, '#111827');
    await waitFor(() => !find(tab, '.warning'), 'the warning goes');
    // A mid gray body: neither dark nor light text reaches 4.5:1 on it.
    type(await $<HTMLInputElement>(tab, 'input#dark-bodyColor'), '#767676');
    await $(tab, '.warning[data-contrast=bodyColor]');
  });

  it('uploads a logo, shows the server refusing a file that is no image in words (French too), and removes it', async () => {
    const { tab } = await open('fr');
    const input = await $<HTMLInputElement>(tab, 'input#logo-light');
    const choose = (file: File) => {
      const list = new DataTransfer();
      list.items.add(file);
      input.files = list.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    choose(new File(['not an image'], 'notes.txt', { type: 'text/plain' }));
    const alert = await $(tab, 'fieldset p.error[role=alert]');
    assert((alert.textContent ?? '').trim().length > 10, 'a sentence');
    assert(
      !/something went wrong|unexpected/i.test(alert.textContent ?? ''),
      `the server's words: ${alert.textContent}`,
    );
    assert(/[éèàç]|fichier|image/i.test(alert.textContent ?? ''), `in French: ${alert.textContent}`);

    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20"/></svg>';
    choose(new File([svg], 'logo.svg', { type: 'image/svg+xml' }));
    await byText(tab, 'p[role=status]', 'Logo enregistré.');
    const img = await $<HTMLImageElement>(tab, '.logo-box.light img');
    assert(img.src.includes('/logos/'), img.src);
    // Both previews show it: the dark one has no logo of its own, so it shows the light one (as the widget does).
    for (const scheme of ['light', 'dark'] as const) {
      await waitFor(
        () => header(tab, scheme).querySelector('img')?.getAttribute('src') === img.getAttribute('src'),
        `${scheme} preview logo`,
      );
    }
    equal(findAll(tab, 'p.error[role=alert]').length, 0, 'the refusal is gone');
    await expectAccessible(tab);

    (await byText<HTMLButtonElement>(tab, 'button', 'Retirer le logo')).click();
    await byText(tab, 'p[role=status]', 'Logo retiré.');
    await waitFor(() => !find(tab, '.logo-box.light img'), 'no logo');
  });

  it('fits 360 px and passes axe in dark', async () => {
    await setViewport({ width: 360, height: 800 });
    await emulateMedia({ colorScheme: 'dark' });
    const { el, tab } = await open();
    await waitFor(
      () => (find(tab, 'tickets-portal[data-scheme=light]') as TicketsPortal | undefined)?.sample,
      'preview',
    );
    const wide = findAll(tab, 'fieldset, figure, form').filter((e) => e.getBoundingClientRect().right > 361);
    equal(wide.length, 0, `nothing wider than the screen: ${wide.map((e) => e.tagName).join(', ')}`);
    assert(el.scrollWidth <= 361, `no horizontal scroll (${el.scrollWidth})`);
    await expectAccessible(tab);
  });
});
