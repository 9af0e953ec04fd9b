import { sendKeys, setViewport } from '@web/test-runner-commands';
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
import { inert } from '../../../shared/tp-element.js';
// The console's own entry, from source.
import '../../index.js';

const start = location.pathname + location.search;

/** Alice's tickets in acme, as her own session lists them. */
async function alicesTitles(): Promise<string[]> {
  const w = await world();
  const res = await fetch(`${w.api}/api/v1/portals/acme/tickets?view=all`, {
    headers: { authorization: `Bearer ${w.tokens.alice}` },
  });
  return ((await res.json()) as { items: { title: string }[] }).items.map((t) => t.title);
}

/** Finds Alice in the tab's search and opens the preview as her. */
async function previewAlice(tab: Element, label = 'Find a customer'): Promise<void> {
  const w = await world();
  const search = await $<HTMLInputElement>(tab, 'input#q');
  equal(find(tab, `label[for=q]`)?.textContent, label, 'the search is labelled');
  search.focus();
  await sendKeys({ type: 'alice' });
  const open = await waitFor(
    () =>
      findAll<HTMLButtonElement>(tab, 'ul.results button').find((b) =>
        b.getAttribute('aria-label')?.includes(w.emails.alice),
      ),
    'Alice among the results',
  );
  open.click();
}

describe('console: preview as customer', () => {
  afterEach(() => resetConsole(start));

  it('shows exactly what Alice sees, read-only, with a banner and a way out', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await loadBundle();
    const el = await mountConsole('/console/settings/portals/acme/preview');
    const tab = await $(el, 'tp-portal-preview');
    await byText(tab, 'p', 'Type a name or an email address.');
    await expectAccessible(tab);
    await previewAlice(tab);

    const banner = await $(tab, '.banner').catch((err: Error) => {
      throw new Error(`${err.message}: ${tab.shadowRoot?.textContent}`);
    });
    assert(banner.textContent!.includes(w.emails.alice), 'the banner names her');
    await waitFor(
      () => find(el, '.banner') === banner && (banner.getRootNode() as ShadowRoot).activeElement === banner,
      'focus on the banner',
    );
    const portal = await $(tab, 'tickets-portal');
    // As any list draws them: bidirectional controls shown as marks.
    const wanted = (await alicesTitles()).map(inert);
    assert(wanted.length > 0, 'Alice has tickets');
    await waitFor(
      () => JSON.stringify(findAll(portal, 'ol > li .title').map((t) => t.textContent)) === JSON.stringify(wanted),
      `exactly her list: ${wanted.join(' | ')} (shown: ${findAll(portal, 'ol > li .title')
        .map((t) => t.textContent)
        .join(' | ')}; ${portal.shadowRoot?.textContent})`,
    );
    // Read-only: nothing to create, no account to change, and no reply box on a ticket.
    equal(findAll(portal, 'button').filter((b) => b.textContent?.includes('New ticket')).length, 0, 'no New ticket');
    equal(portal.shadowRoot?.querySelector('header button'), null, 'no account button');
    findAll<HTMLButtonElement>(portal, 'ol > li > button')[0]!.click();
    await $(portal, 'tp-conversation');
    await waitFor(() => find(portal, 'tp-conversation')?.shadowRoot?.querySelector('ol, p.muted'), 'the conversation');
    equal(find(portal, 'tp-conversation')?.shadowRoot?.querySelector('textarea'), null, 'no reply box');
    await expectAccessible(tab);

    // The server refuses a change made with the preview's session, whatever the page shows.
    const token = portal.getAttribute('preview-token');
    const refused = await fetch(`${w.api}/api/v1/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Previewed' }),
    });
    equal(refused.status, 403, 'writes refused');

    (await byText<HTMLButtonElement>(tab, 'button', 'Leave the preview')).click();
    await waitFor(() => !find(tab, 'tickets-portal'), 'the preview is gone');
    const search = await $<HTMLInputElement>(tab, 'input#q');
    await waitFor(() => (search.getRootNode() as ShadowRoot).activeElement === search, 'focus back on the search');
  });

  it('refuses a disabled portal in the server’s words, in French, at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await loadBundle();
    await setViewport({ width: 360, height: 740 });
    const slug = `off-${Math.random().toString(36).slice(2, 8)}`;
    const created = await fetch('/api/v1/admin/portals', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slug, config: { name: 'Hors service', enabled: false } }),
    });
    equal(created.status, 201, 'a disabled portal');
    const el = await mountConsole(`/console/settings/portals/${slug}/preview`, 'fr');
    const tab = await $(el, 'tp-portal-preview');
    await previewAlice(tab, 'Trouver un client');
    const alert = await $(tab, 'p.error[role=alert]');
    assert(/désactivé/.test(alert.textContent ?? ''), `the server's words, in French: ${alert.textContent}`);
    equal(find(tab, 'tickets-portal'), undefined, 'no preview');
    const wide = findAll(tab, 'p, input, li, button').filter((e) => e.getBoundingClientRect().right > 361);
    equal(wide.length, 0, `nothing wider than the screen: ${wide.map((e) => e.outerHTML.slice(0, 60)).join(', ')}`);
    await expectAccessible(tab);
  });
});
