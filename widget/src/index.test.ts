// The script as a guest on someone else's page: it may add its elements and
// nothing else (issue 4, point 7).
import { assert, byText, equal, find, waitFor, world } from '../test/helpers.js';

/** A blank same-origin frame: a fresh window, as a host page would be before the script. */
async function blankFrame(): Promise<HTMLIFrameElement> {
  const f = document.createElement('iframe');
  document.body.append(f);
  await waitFor(() => f.contentDocument?.readyState === 'complete', 'blank frame');
  f.contentDocument!.body.innerHTML = '<main><h1>Host</h1></main>';
  return f;
}

function ownKeys(o: object): string[] {
  return [...Object.getOwnPropertyNames(o), ...Object.getOwnPropertySymbols(o).map(String)].sort();
}

describe('the widget script on a host page', () => {
  it('defines its custom elements and nothing else: no globals, cookies, storage, styles or Trusted Types policy', async () => {
    const w = await world();
    const f = await blankFrame();
    try {
      const win = f.contentWindow as Window & typeof globalThis;
      const doc = f.contentDocument!;
      const before = {
        window: ownKeys(win),
        symbol: ownKeys(win.Symbol),
        storage: [Object.keys(win.localStorage), Object.keys(win.sessionStorage)],
        head: doc.head.innerHTML,
      };
      // Record what the script registers, and any Trusted Types policy it would create.
      const defined: string[] = [];
      const define = win.customElements.define.bind(win.customElements);
      win.customElements.define = (name, ctor, options) => {
        defined.push(name);
        define(name, ctor, options);
      };
      const policies: string[] = [];
      // TypeScript's DOM library does not describe Trusted Types yet.
      const tt = (win as unknown as { trustedTypes: { createPolicy(name: string, rules: object): unknown } })
        .trustedTypes;
      const createPolicy = tt.createPolicy.bind(tt);
      tt.createPolicy = (name, rules) => {
        policies.push(name);
        return createPolicy(name, rules);
      };
      const afterSpies = ownKeys(win);

      const script = doc.createElement('script');
      script.src = `${w.api}/widget/tickets-portal.js`;
      script.dataset.portal = 'acme';
      script.async = true;
      await new Promise((resolve, reject) => {
        script.onload = resolve;
        script.onerror = reject;
        doc.head.append(script);
      });
      const el = await waitFor(() => doc.querySelector('tickets-portal'), 'element added');
      await waitFor(() => find(el, 'button.launcher'), 'launcher');
      await new Promise((r) => setTimeout(r, 300));

      equal(JSON.stringify(afterSpies), JSON.stringify(before.window), 'spies add no keys');
      const added = ownKeys(win).filter((k) => !before.window.includes(k));
      equal(added.join(), '', 'new properties on window');
      equal(JSON.stringify(ownKeys(win.Symbol)), JSON.stringify(before.symbol), 'Symbol is left as it was');
      assert(defined.includes('tickets-portal'), 'tickets-portal defined');
      equal(defined.filter((n) => n !== 'tickets-portal' && !n.startsWith('tp-')).join(), '', 'only its own elements');
      equal(policies.join(), '', 'Trusted Types policies created');
      equal(doc.cookie, '', 'cookies');
      equal(
        JSON.stringify([Object.keys(win.localStorage), Object.keys(win.sessionStorage)]),
        JSON.stringify(before.storage),
        'storage',
      );
      equal(
        doc.head.innerHTML,
        before.head + script.outerHTML,
        'nothing added to the head (styles live in the shadow root)',
      );
      equal(doc.adoptedStyleSheets.length, 0, 'no document-level stylesheets');
      equal(
        [...doc.body.children].map((c) => c.localName).join(),
        'main,tickets-portal',
        'body: the host content and the element',
      );

      // Issue 12: the views are a second bundle, loaded when the visitor first opens the portal.
      equal(defined.join(), 'tickets-portal', 'before opening, only the launcher is defined');
      const loaded = () => win.performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname);
      assert(!loaded().includes('/widget/tickets-portal-panel.js'), 'the panel is not loaded before opening');
      find<HTMLButtonElement>(el, 'button.launcher')!.click();
      await byText(el, 'h2', 'Sign in');
      assert(
        defined.includes('tp-sign-in') && defined.includes('tp-ticket-detail'),
        `the panel defined the views: ${defined.join()}`,
      );
      equal(loaded().filter((p) => p === '/widget/tickets-portal-panel.js').length, 1, 'the panel loaded once');
      await waitFor(
        () => doc.head.innerHTML === before.head + script.outerHTML,
        'the head as it was once the panel ran',
      );
      equal(
        JSON.stringify(ownKeys(win).filter((k) => !before.window.includes(k))),
        '[]',
        'the panel adds no globals either',
      );
    } finally {
      f.remove();
    }
  });

  it("loads on a page whose CSP allows no Trusted Types policy (trusted-types 'none')", async () => {
    const f = document.createElement('iframe');
    f.src = '/strict-host.html?tt=none';
    document.body.append(f);
    await new Promise((resolve) => (f.onload = resolve));
    try {
      const doc = f.contentDocument!;
      const el = await waitFor(() => {
        const e = doc.querySelector('tickets-portal');
        return e && find(e, 'button.launcher') ? e : null;
      }, 'launcher');
      find<HTMLButtonElement>(el, 'button.launcher')!.click();
      await byText(el, 'h2', 'Sign in');
      const win = f.contentWindow as Window & { cspViolations: string[] };
      await new Promise((r) => setTimeout(r, 200));
      equal(win.cspViolations.join('\n'), '', 'CSP violations');
    } finally {
      f.remove();
    }
  });
});
