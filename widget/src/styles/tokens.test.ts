// Branding reaches every element: one tokens layer that only <tickets-portal> sets (its defaults
// and the portal's light and dark colors); the views inside only consume var(--tp-…).
import { emulateMedia } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  cleanup,
  equal,
  expectAccessible,
  find,
  findAll,
  loadBundle,
  mount,
  waitFor,
  world,
} from '../../test/helpers.js';
import type { TicketsPortal } from '../tickets-portal/tickets-portal.js';

/**
 * The acme portal's branding in the test world (widget/test/harness.ts), every
 * color unlike the widget's defaults; the readable texts are what the widget derives.
 */
const SCHEMES = {
  light: {
    main: '#c2410c',
    mainText: '#fff7ed',
    secondary: '#fde68a',
    secondaryText: '#111827',
    body: '#fffbeb',
    text: '#111827',
  },
  dark: {
    main: '#fdba74',
    mainText: '#1c1917',
    secondary: '#44403c',
    secondaryText: '#f3f4f6',
    body: '#1c1917',
    text: '#f3f4f6',
  },
} as const;
type Palette = (typeof SCHEMES)[keyof typeof SCHEMES];

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** Asserts the background and text colors `el` is painted with. */
function paints(el: Element, background: string, color: string, what: string): void {
  const style = getComputedStyle(el);
  equal(
    `${style.backgroundColor} / ${style.color}`,
    `${rgb(background)} / ${rgb(color)}`,
    `${what} (background / text)`,
  );
}

/** The button whose text is `text`, anywhere in the portal. */
const button = (el: Element, text: string) => byText<HTMLButtonElement>(el, 'button', new RegExp(`^\\s*${text}\\s*$`));

/** Waits for the portal's branding to reach its root (the config arrived). */
async function branded(el: TicketsPortal, p: Palette): Promise<void> {
  const value = () => getComputedStyle(el).getPropertyValue('--tp-main').trim();
  const end = Date.now() + 8000;
  while (value() !== p.main && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  equal(value(), p.main, 'branding applied at the root');
}

describe('branding in every view', () => {
  afterEach(async () => {
    cleanup();
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const scheme of ['light', 'dark'] as const) {
    const p = SCHEMES[scheme];

    it(`paints the sign-in, list, ticket and conversation in the portal's ${scheme} colors`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const signIn = await mount({ token: null });
      await branded(signIn, p);
      paints(await button(signIn, 'Send code'), p.main, p.mainText, 'primary "Send code"');
      paints(await $(signIn, 'input#email'), p.body, p.text, 'a field');
      paints(signIn, p.body, p.text, 'the portal body');
      cleanup();

      const el = await mount({ token: (await world()).tokens.alice });
      await branded(el, p);
      paints(await button(el, 'New ticket'), p.main, p.mainText, 'primary "New ticket"');
      paints(
        await byText(el, 'nav button[aria-current=true]', 'All tickets'),
        p.secondary,
        p.secondaryText,
        'the current view',
      );
      paints(find(el, 'header')!, p.main, p.mainText, 'the header');
      equal(getComputedStyle(find(el, 'tp-ticket-list')!).color, rgb(p.text), 'the list text');
      paints(await $(el, 'input#q'), p.body, p.text, 'the search field');

      (await byText<HTMLButtonElement>(el, 'li button', 'Printer on floor 2 jams')).click();
      await byText(el, 'p', 'We are sending a technician.');
      paints(await button(el, 'Send'), p.main, p.mainText, 'primary "Send"');
      paints(await button(el, 'Close ticket'), p.secondary, p.secondaryText, 'secondary "Close ticket"');
      paints(await $(el, 'textarea#reply'), p.body, p.text, 'the reply box');
      equal(getComputedStyle(find(el, 'tp-conversation')!).color, rgb(p.text), 'the conversation text');
      paints(el, p.body, p.text, 'the portal body');
      await expectAccessible(el);
    });

    it(`paints the launcher, panel and header in the portal's ${scheme} colors`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const el = await mount({ mode: 'embedded', token: (await world()).tokens.alice });
      await branded(el, p);
      paints(await $(el, 'button.launcher'), p.main, p.mainText, 'the launcher');
      el.open();
      paints(await $(el, 'dialog[open]'), p.body, p.text, 'the panel');
      paints(await $(el, 'header'), p.main, p.mainText, 'the header');
      paints(await button(el, 'New ticket'), p.main, p.mainText, 'primary "New ticket" in the panel');
    });
  }
});

describe('one tokens layer', () => {
  afterEach(cleanup);

  it('lets the host page set a token on the element, down to every view', async () => {
    const style = document.createElement('style');
    style.textContent = 'tickets-portal { --tp-font: Georgia, serif; --tp-main: #15803d; }';
    document.head.append(style);
    try {
      const el = await mount({ token: (await world()).tokens.alice });
      const button = await byText<HTMLButtonElement>(el, 'button', 'New ticket');
      // The portal's own branding arrived (its body color), and yields to the page where the page speaks.
      await waitFor(() => getComputedStyle(el).getPropertyValue('--tp-body').trim() === SCHEMES.light.body, 'branding');
      equal(getComputedStyle(button).fontFamily, 'Georgia, serif', 'the font in a view');
      equal(getComputedStyle(button).backgroundColor, rgb('#15803d'), 'the main color in a view');
    } finally {
      style.remove();
    }
  });

  /** The --tp- custom properties a stylesheet declares (`--tp-x: …`), as opposed to uses (`var(--tp-x)`). */
  const declared = (css: string) => [...css.matchAll(/(--tp-[a-z-]+)\s*:/g)].map((m) => m[1]!);
  const cssOf = (sheet: CSSStyleSheet) => [...sheet.cssRules].map((r) => r.cssText).join('\n');

  it('is set by <tickets-portal> alone: no element inside redeclares a --tp- token', async () => {
    // The views are in the panel bundle, which a portal loads when it starts.
    const started = await mount({ token: (await world()).tokens.alice });
    await byText(started, 'button', 'New ticket');
    cleanup();
    const source = (
      await Promise.all(
        ['tickets-portal', 'tickets-portal-panel'].map(async (f) => (await fetch(`/widget/dist/${f}.js`)).text()),
      )
    ).join('\n');
    const tags = [...new Set([...source.matchAll(/"(tp-[a-z-]+)"/g)].map((m) => m[1]!))].filter((t) =>
      customElements.get(t),
    );
    assert(tags.length >= 7, `the inner elements found: ${tags.join()}`);
    type Styled = { elementStyles: ({ cssText: string } | CSSStyleSheet)[] };
    const stylesOf = (tag: string) =>
      (customElements.get(tag) as unknown as Styled).elementStyles
        .map((s) => ('cssText' in s ? s.cssText : cssOf(s)))
        .join('\n');
    for (const tag of tags) equal(declared(stylesOf(tag)).join(), '', `<${tag}> declares`);
    assert(declared(stylesOf('tickets-portal')).includes('--tp-main'), 'the root declares the defaults');

    // Nor do the rendered views adopt any sheet that does.
    const el = await mount({ token: (await world()).tokens.alice });
    (await byText<HTMLButtonElement>(el, 'li button', 'Printer on floor 2 jams')).click();
    await byText(el, 'p', 'We are sending a technician.');
    const inner = findAll(el, '*').filter((e) => e.shadowRoot);
    assert(inner.length >= 2, 'views rendered');
    for (const view of inner) {
      const css = [
        ...view.shadowRoot!.adoptedStyleSheets.map(cssOf),
        ...[...view.shadowRoot!.querySelectorAll('style')].map((s) => s.textContent),
      ].join('\n');
      equal(declared(css).join(), '', `rendered <${view.localName}> declares`);
    }
  });
});
