import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  cleanup,
  emailedCode,
  equal,
  expectAccessible,
  find,
  findAll,
  loadBundle,
  mount,
  server,
  textOf,
  type,
  visitForeignHost,
  waitFor,
  world,
} from '../../test/helpers.js';
import type { TicketsPortal } from './tickets-portal.js';

function resourcesFrom(origin: string): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => n.startsWith(origin) && !n.endsWith('.js'));
}

describe('<tickets-portal> embedded', () => {
  afterEach(cleanup);

  it('shows a launcher, fetches only the portal config until opened, and opens and closes by keyboard', async () => {
    const w = await world();
    performance.clearResourceTimings();
    const el = await mount({ mode: 'embedded', token: w.tokens.alice });
    const launcher = await $<HTMLButtonElement>(el, 'button.launcher');
    await waitFor(() => resourcesFrom(w.api).length > 0, 'config request');
    await new Promise((r) => setTimeout(r, 300));
    equal(
      JSON.stringify(resourcesFrom(w.api)),
      JSON.stringify([`${w.api}/api/v1/portals/acme`]),
      'requests before opening',
    );
    equal(el.getBoundingClientRect().height, 0, 'no layout space taken');

    const events: string[] = [];
    el.addEventListener('tp-open', () => events.push('open'));
    el.addEventListener('tp-close', () => events.push('close'));
    launcher.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await $<HTMLDialogElement>(el, 'dialog[open]');
    assert(dialog.matches(':modal'), 'panel is modal, so focus stays inside it');
    await byText(el, 'li button', 'Printer on floor 2 jams');
    assert(el.hasAttribute('open'), 'open attribute reflects');
    await expectAccessible(el);

    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog.open, 'closed');
    equal(el.shadowRoot!.activeElement, launcher, 'focus returns to the launcher');
    equal(events.join(), 'open,close');
  });

  it('offers open() and close() methods', async () => {
    const el = await mount({ mode: 'embedded', token: (await world()).tokens.alice });
    el.open();
    await $(el, 'dialog[open]');
    el.close();
    await waitFor(() => !find(el, 'dialog[open]'), 'closed');
  });

  it('fills the whole screen on a phone', async () => {
    await setViewport({ width: 360, height: 640 });
    try {
      const el = await mount({ mode: 'embedded', token: (await world()).tokens.alice });
      el.open();
      const dialog = await $<HTMLDialogElement>(el, 'dialog[open]');
      await byText(el, 'li button', 'Printer');
      const box = dialog.getBoundingClientRect();
      equal(Math.round(box.width), 360, 'panel width');
      equal(Math.round(box.height), 640, 'panel height');
      assert(document.documentElement.scrollWidth <= 360, 'no horizontal scroll');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

describe('<tickets-portal> branding', () => {
  afterEach(async () => {
    cleanup();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('applies the portal light colors, and the dark ones under prefers-color-scheme: dark', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await mount({ token: (await world()).tokens.alice });
    const header = await $(el, 'header');
    await waitFor(() => getComputedStyle(header).backgroundColor === 'rgb(194, 65, 12)', 'light main color');
    equal(getComputedStyle(el).getPropertyValue('--tp-body').trim(), '#fffbeb');
    await emulateMedia({ colorScheme: 'dark' });
    await waitFor(() => getComputedStyle(header).backgroundColor === 'rgb(253, 186, 116)', 'dark main color');
    equal(getComputedStyle(el).getPropertyValue('--tp-body').trim(), '#1c1917');
    await byText(el, 'li button', 'Printer');
    await expectAccessible(el);
  });

  it('defines every --tp- token the bundle uses', async () => {
    const source = await (await fetch('/widget/dist/tickets-portal.js')).text();
    const used = new Set([...source.matchAll(/var\((--tp-[a-z-]+)/g)].map((m) => m[1]!));
    const defined = new Set([...source.matchAll(/(--tp-[a-z-]+):/g)].map((m) => m[1]!));
    const missing = [...used].filter((t) => !defined.has(t));
    equal(missing.join(), '', 'tokens used but never defined');
    assert(used.size > 5, 'tokens found');
  });
});

describe('<tickets-portal> on a host page', () => {
  function frame(src: string): Promise<HTMLIFrameElement> {
    const f = document.createElement('iframe');
    f.src = src;
    f.width = '800';
    f.height = '600';
    document.body.append(f);
    return new Promise((resolve) => (f.onload = () => resolve(f)));
  }

  async function exercise(f: HTMLIFrameElement): Promise<TicketsPortal[]> {
    const doc = f.contentDocument!;
    const all = await waitFor(() => {
      const els = [...doc.querySelectorAll('tickets-portal')];
      return els.length > 0 && find(els[0]!, 'button.launcher') ? els : null;
    }, 'launcher in host page');
    const el = all[0] as TicketsPortal;
    find<HTMLButtonElement>(el, 'button.launcher')!.click();
    await byText(el, 'h2', 'Sign in');
    return all as TicketsPortal[];
  }

  it('works under a strict CSP with zero violations', async () => {
    const f = await frame('/strict-host.html');
    try {
      await exercise(f);
      const win = f.contentWindow as Window & { cspViolations: string[] };
      await new Promise((r) => setTimeout(r, 200));
      equal(win.cspViolations.join('\n'), '', 'CSP violations');
      // The host's own `button { background: red }` does not reach inside.
      const launcher = find<HTMLButtonElement>(f.contentDocument!.querySelector('tickets-portal')!, 'button.launcher')!;
      assert(getComputedStyle(launcher).backgroundColor !== 'rgb(255, 0, 0)', 'host styles stay out');
      equal(f.contentDocument!.cookie, '', 'no cookie set');
    } finally {
      f.remove();
    }
  });

  it("shows image files as chips (icon, name, size) when the host's CSP blocks blob: images, before and after sending", async () => {
    const identityToken = await server.identityToken({ sub: 'csp-images', email: 'csp-images@host.test' });
    const f = await frame(`/strict-host.html?identity=${identityToken}`);
    try {
      const el = await waitFor(() => {
        const found = f.contentDocument!.querySelector('tickets-portal');
        return found && find(found, 'button.launcher') ? found : null;
      }, 'launcher in host page');
      find<HTMLButtonElement>(el, 'button.launcher')!.click();
      (await byText<HTMLButtonElement>(el, 'button', 'New ticket')).click();
      const root = (await $(el, 'tp-ticket-create')).shadowRoot!;
      const select = root.querySelector<HTMLSelectElement>('select#typeId')!;
      type(select, [...select.options].find((o) => o.text === 'Question')!.value);
      type(root.querySelector<HTMLInputElement>('input#title')!, 'Screenshot under a strict CSP');
      // A real PNG, which shows as a thumbnail wherever blob: images are allowed (the conversation test).
      const canvas = document.createElement('canvas');
      canvas.width = 30;
      canvas.height = 20;
      canvas.getContext('2d')!.fillRect(0, 0, 30, 20);
      const png = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
      const input = root.querySelector<HTMLInputElement>('input#files')!;
      const pick = (name: string) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([png], name, { type: 'image/png' }));
        input.files = transfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      };
      pick('first.png');
      await waitFor(
        () => root.querySelectorAll('.pending li').length === 1 && !root.querySelector('.pending img'),
        'the blocked thumbnail gives way',
      );
      const chip = root.querySelector('.pending li')!;
      assert(chip.querySelector('.thumb svg'), 'a file icon in its place');
      assert(/^first\.png\s+\d+ B$/.test(chip.querySelector('.name')!.textContent!.trim()), 'name and size');
      const win = f.contentWindow as Window & { cspViolations: string[] };
      await waitFor(() => win.cspViolations.length > 0, 'the host saw the blocked image');
      const seen = win.cspViolations.length;
      // Once blocked, the next image is not even tried: no second violation on the host's reports.
      pick('second.png');
      await waitFor(() => root.querySelectorAll('.pending li').length === 2, 'second file listed');
      equal(root.querySelectorAll('.pending img').length, 0, 'no thumbnail tried');

      (await byText<HTMLButtonElement>(el, 'button', 'Create')).click();
      await byText(el, 'h2', 'Screenshot under a strict CSP');
      await byText(el, 'button', 'second.png');
      await new Promise((r) => setTimeout(r, 300));
      equal(findAll(el, 'img.thumb').length, 0, 'no broken image after sending either');
      equal(win.cspViolations.length, seen, 'no more violations');
      assert(
        win.cspViolations.every((v) => v.startsWith('img-src blob')),
        `only the blocked image: ${win.cspViolations.join('; ')}`,
      );
    } finally {
      f.remove();
      // The host page shares this origin's storage: the next test starts signed out.
      cleanup();
    }
  });

  it('adds one launcher when the script is included twice', async () => {
    const f = await frame('/strict-host.html?twice=1');
    try {
      const all = await exercise(f);
      await new Promise((r) => setTimeout(r, 300));
      equal(f.contentDocument!.querySelectorAll('tickets-portal').length, 1, 'elements');
      equal(all.length, 1);
      const win = f.contentWindow as Window & { cspViolations: string[] };
      equal(win.cspViolations.join('\n'), '', 'CSP violations');
    } finally {
      f.remove();
    }
  });
});

describe('<tickets-portal> on a site the portal does not allow', () => {
  const sentences = {
    en: 'Support is not available on this page.',
    fr: "Le support n'est pas disponible sur cette page.",
  };
  for (const locale of ['en', 'fr'] as const) {
    it(`tells the site's developer what to change in one console error, and the visitor plainly (${locale})`, async () => {
      const visit = await visitForeignHost(`/strict-host.html${locale === 'fr' ? '?locale=fr' : ''}`);
      equal(visit.alert, sentences[locale], 'what the visitor reads');
      const site = `http://127.0.0.1:${location.port}`;
      const developer = `Tickets Portal: this site (${site}) is not allowed to embed portal "acme". Add it to the portal's allowedOrigins (console: portal settings → Allowed sites).`;
      const ours = visit.console.filter((m) => m.source === 'console').map((m) => `${m.type}: ${m.text}`);
      equal(ours.join('\n'), `error: ${developer}`, 'the console, from the widget');
    });
  }
});

describe('<tickets-portal> host identity token', () => {
  afterEach(cleanup);

  it('signs a new customer in from identity-token when the panel opens, and not before', async () => {
    const w = await world();
    const identityToken = await server.identityToken({
      sub: 'host-user-42',
      email: 'hana@host.test',
      name: 'Hana Host',
    });
    performance.clearResourceTimings();
    const el = await mount({ mode: 'embedded', token: null, identityToken });
    await $(el, 'button.launcher');
    await new Promise((r) => setTimeout(r, 300));
    equal(
      JSON.stringify(resourcesFrom(w.api)),
      JSON.stringify([`${w.api}/api/v1/portals/acme`]),
      'no sign-in before opening',
    );

    el.open();
    await byText(el, 'p', 'No tickets here yet.');
    equal(find(el, 'tp-sign-in'), undefined, 'no sign-in form');
    assert(localStorage.getItem('tp:acme:refresh'), 'a widget session (refresh token kept by the host page)');
    (await byText<HTMLButtonElement>(el, 'header button', 'Account')).click();
    await byText(el, 'p', 'hana@host.test');
    equal((await $<HTMLInputElement>(el, 'input#name')).value, 'Hana Host', 'named from the token');
    await expectAccessible(el);
  });

  it('signs in the existing customer the token names by email, with their tickets', async () => {
    const w = await world();
    const identityToken = await server.identityToken({ sub: 'alice-at-host', email: w.emails.alice });
    const el = await mount({ mode: 'inline', token: null, identityToken });
    await byText(el, 'li button', 'Printer on floor 2 jams');
  });

  it('falls back to the email sign-in when the token is refused, ending the session this device kept', async () => {
    const identityToken = await server.identityToken({
      sub: 'intruder',
      email: (await world()).emails.alice,
      wrongKey: true,
    });
    // An earlier customer's session on this browser must not outlive the host saying someone else is here.
    const earlier = await server.shortSession('alice', 600);
    const el = await mount({ mode: 'inline', token: earlier.token, refreshToken: earlier.refreshToken, identityToken });
    await byText(el, 'h2', 'Sign in');
    await $(el, 'input#email');
    equal(localStorage.getItem('tp:acme:refresh'), null, 'no session');
    assert(!textOf(el).includes('Printer'), 'no tickets shown');
  });

  it('works from the script tag alone (data-identity-token) on a strict-CSP host page', async () => {
    const identityToken = await server.identityToken({ sub: 'host-user-42', email: 'hana@host.test' });
    const f = document.createElement('iframe');
    f.src = `/strict-host.html?identity=${identityToken}`;
    f.width = '800';
    f.height = '600';
    document.body.append(f);
    await new Promise((resolve) => (f.onload = resolve));
    try {
      const el = await waitFor(() => {
        const found = f.contentDocument!.querySelector('tickets-portal');
        return found && find(found, 'button.launcher') ? found : null;
      }, 'launcher in host page');
      equal(el.getAttribute('identity-token'), identityToken, 'the tag passes the token on');
      find<HTMLButtonElement>(el, 'button.launcher')!.click();
      await byText(el, 'p', 'No tickets here yet.');
      equal(find(el, 'tp-sign-in'), undefined, 'signed in without a form');
      const win = f.contentWindow as Window & { cspViolations: string[] };
      equal(win.cspViolations.join('\n'), '', 'CSP violations');
    } finally {
      f.remove();
    }
  });
});

describe('<tickets-portal> full screen', () => {
  const start = location.href;
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', start);
  });

  it('follows deep links and the back and forward buttons', async () => {
    const w = await world();
    await loadBundle();
    history.replaceState(null, '', `/p/acme/tickets/${w.tickets.printer}`);
    const el = await mount({ mode: 'fullscreen', token: w.tokens.alice });
    await byText(el, 'h2', 'Printer on floor 2 jams');
    (await byText<HTMLButtonElement>(el, 'button', 'Back')).click();
    await byText(el, 'li button', 'Old question');
    equal(location.pathname, '/p/acme');
    (await byText<HTMLButtonElement>(el, 'li button', 'Old question')).click();
    await byText(el, 'h2', 'Old question');
    equal(location.pathname, `/p/acme/tickets/${w.tickets.closed}`);
    history.back();
    await waitFor(() => location.pathname === '/p/acme', 'back');
    await byText(el, 'h2', 'Tickets');
    history.forward();
    await byText(el, 'h2', 'Old question');
    await expectAccessible(el);
  });

  /** Signed out, a link to `path` of the full-screen portal on the server's own origin, then the emailed-code sign-in. */
  async function signInAt(path: string, email: string): Promise<TicketsPortal> {
    await loadBundle();
    history.replaceState(null, '', path);
    const el = await mount({ mode: 'fullscreen', api: location.origin, token: null });
    type(await $<HTMLInputElement>(el, 'input#email'), email);
    (await byText<HTMLButtonElement>(el, 'button', 'Send code')).click();
    type(await $<HTMLInputElement>(el, 'input#code'), await emailedCode(email));
    (await byText<HTMLButtonElement>(el, 'button', 'Sign in')).click();
    await waitFor(() => !find(el, 'tp-sign-in'), 'signed in');
    return el;
  }

  describe('a signed-out deep link', () => {
    // The session is the page's cookie: end it on the server after each test.
    afterEach(async () => {
      await fetch('/api/v1/auth/logout', { method: 'POST' });
    });

    it('opens the linked ticket once the customer signs in', async () => {
      const w = await world();
      const path = `/p/acme/tickets/${w.tickets.bobs}`;
      const el = await signInAt(path, 'bob@acme.test');
      await byText(el, 'h2', 'Bob shares with the org');
      equal(find(el, 'tp-ticket-list'), undefined, 'not the list');
      equal(location.pathname, path, 'the URL still names the ticket');
    });

    it('opens the new-ticket form once the customer signs in', async () => {
      const el = await signInAt('/p/acme/new', 'dana@example.test');
      await $(el, 'tp-ticket-create');
      await byText(el, 'h2', 'New ticket');
      equal(location.pathname, '/p/acme/new');
    });

    it('opens the account once the customer signs in', async () => {
      const el = await signInAt('/p/acme/account', 'empty@example.test');
      await byText(el, 'h2', 'Account');
      await byText(el, 'p', 'empty@example.test');
      equal(location.pathname, '/p/acme/account');
      // Signing out is different: whoever signs in next starts from the list, and the URL says so.
      (await byText<HTMLButtonElement>(el, 'button', /^\s*Sign out\s*$/)).click();
      await byText(el, 'h2', 'Sign in');
      equal(location.pathname, '/p/acme', 'the URL follows the sign-out');
    });
  });

  it('fits a 360 px phone: no horizontal scroll, and every control is on screen and reached by Tab', async () => {
    const w = await world();
    await setViewport({ width: 360, height: 640 });
    try {
      await loadBundle();
      history.replaceState(null, '', '/p/acme');
      const el = await mount({ mode: 'fullscreen', token: w.tokens.alice });
      await byText(el, 'li button', 'Printer on floor 2 jams');
      await checkPhoneView(el, 'list');

      (await byText<HTMLButtonElement>(el, 'li button', 'Printer on floor 2 jams')).click();
      await byText(el, 'h2', 'Printer on floor 2 jams');
      await byText(el, 'p', 'We are sending a technician.');
      await byText(el, 'h3', 'Time');
      await checkPhoneView(el, 'ticket');

      (await byText<HTMLButtonElement>(el, 'button', 'Back')).click();
      (await byText<HTMLButtonElement>(el, 'button', 'New ticket')).click();
      await $(el, 'tp-ticket-create');
      await byText(el, 'label', 'Title');
      await checkPhoneView(el, 'new ticket');

      (await byText<HTMLButtonElement>(el, 'header button', 'Account')).click();
      await byText(el, 'h2', 'Account');
      await checkPhoneView(el, 'account');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

const CONTROLS = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/** The focused element, looking inside shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * At phone width: nothing scrolls sideways (the page, the portal, any scroll
 * box inside it), every control lies within the screen's width and is the
 * element actually hit at its center once scrolled to, and Tab alone reaches
 * each of them (a radio group counts once: arrows move within it).
 */
async function checkPhoneView(el: HTMLElement, view: string): Promise<void> {
  const width = window.innerWidth;
  equal(width, 360, 'viewport width');
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  assert(document.documentElement.scrollWidth <= width, `${view}: the page scrolls sideways`);
  for (const box of [el, ...findAll(el, '*')]) {
    const style = getComputedStyle(box);
    if (['auto', 'scroll'].includes(style.overflowX) && box.scrollWidth > box.clientWidth + 1) {
      throw new Error(
        `${view}: <${box.localName} class="${box.className}"> scrolls sideways (${box.scrollWidth} > ${box.clientWidth})`,
      );
    }
  }

  const controls = findAll(el, CONTROLS).filter(
    (c) => c.getClientRects().length > 0 && !(c as HTMLButtonElement).disabled,
  );
  assert(controls.length > 3, `${view}: controls found`);
  for (const control of controls) {
    control.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = control.getBoundingClientRect();
    const name = `${view}: <${control.localName}${control.id ? `#${control.id}` : ''}> "${(control.textContent ?? '').trim().slice(0, 30)}"`;
    assert(
      r.left >= 0 && r.right <= width + 0.5 && r.width > 0,
      `${name} lies outside the screen (${Math.round(r.left)}–${Math.round(r.right)})`,
    );
    const hit = (control.getRootNode() as ShadowRoot).elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    assert(hit && (hit === control || control.contains(hit)), `${name} is covered by <${hit?.localName}>`);
  }

  // Tab from the top of the page (the portal is all of it) through to the end.
  (deepActive() as HTMLElement | null)?.blur();
  window.scrollTo(0, 0);
  const reached = new Set<Element>();
  for (let i = 0; i < controls.length + 10 && !controls.every((c) => reached.has(c)); i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActive();
    if (active && el.contains(hostOf(active))) reached.add(active);
  }
  const missed = controls.filter((c) => {
    if (reached.has(c)) return false;
    const radio = c as HTMLInputElement;
    return !(
      radio.type === 'radio' && controls.some((o) => reached.has(o) && (o as HTMLInputElement).name === radio.name)
    );
  });
  equal(
    missed
      .map((c) => `<${c.localName}${c.id ? `#${c.id}` : ''}> ${(c.textContent ?? '').trim().slice(0, 30)}`)
      .join(', '),
    '',
    `${view}: not reached by Tab`,
  );
}

/** The outermost light-DOM host of a node inside shadow roots. */
function hostOf(node: Element): Element {
  let n: Node = node;
  while (n.getRootNode() instanceof ShadowRoot) n = (n.getRootNode() as ShadowRoot).host;
  return n as Element;
}
