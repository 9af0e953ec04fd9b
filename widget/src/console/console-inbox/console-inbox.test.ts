import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { mountConsole, resetConsole, signInConsole } from '../../../test/console.js';
import {
  $,
  assert,
  byText,
  equal,
  expectAccessible,
  find,
  findAll,
  server,
  textOf,
  waitFor,
  world,
} from '../../../test/helpers.js';
// The console's own entry, from source.
import '../index.js';

const start = location.pathname + location.search;

/** The titles of the rows the inbox shows. */
function rows(el: Element): string[] {
  return findAll(el, 'a.ticket .title').map((t) => t.textContent ?? '');
}

/** The count shown beside a view. */
function countOf(el: Element, view: string): number {
  const link = findAll(el, 'nav a').find((a) => (a.textContent ?? '').startsWith(view));
  return Number(link?.querySelector('.count')?.textContent ?? NaN);
}

/** The element focused inside the inbox's shadow root. */
function focusedIn(el: Element): Element | null {
  return find(el, 'tp-console-inbox')?.shadowRoot?.activeElement ?? null;
}

describe('<tp-console-inbox>', () => {
  afterEach(() => resetConsole(start));

  it('lists every open ticket and task with counts per view, and switches views; axe-clean', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    const el = await mountConsole();
    await byText(el, 'a.ticket', 'Printer on floor 2 jams');
    const open = rows(el);
    assert(open.includes('Migrate the wiki'), `tasks too: ${open.join(' | ')}`);
    assert(!open.includes('Old question'), 'no closed ticket in "All open"');
    await waitFor(() => countOf(el, 'All open') > 0, 'counts');
    equal(countOf(el, 'All open'), open.length, 'the count is the list');
    // The row says who asked, where it stands and who works on it.
    const printer = await byText(el, 'a.ticket', 'Printer on floor 2 jams');
    const text = textOf(printer);
    assert(
      text.includes('Alice Martin') &&
        text.includes('Acme Corp') &&
        text.includes('High') &&
        text.includes('Unassigned'),
      text,
    );
    equal(printer.getAttribute('href'), `/console/tickets/${w.tickets.printer}`, 'a plain link to the ticket');
    // User text is shown as text, never as markup.
    await byText(el, 'a.ticket', '<img src=x');
    equal((window as { __pwned?: number }).__pwned, undefined, 'no script ran');
    await expectAccessible(el);

    (await byText<HTMLAnchorElement>(el, 'nav a', 'Closed')).click();
    await waitFor(
      () => rows(el).includes('Old question') && !rows(el).includes('Printer on floor 2 jams'),
      'the closed view',
    );
    equal(new URLSearchParams(location.search).get('view'), 'closed', 'the address keeps the view');
    equal((await byText(el, 'nav a', 'Closed')).getAttribute('aria-current'), 'page', 'the current view is marked');
    equal(countOf(el, 'Closed'), rows(el).length, 'closed count');
    await expectAccessible(el);

    // Another page load at that address shows the same view.
    el.remove();
    const again = await mountConsole(`/console${location.search}`);
    await byText(again, 'a.ticket', 'Old question');
    equal((await byText(again, 'nav a', 'Closed')).getAttribute('aria-current'), 'page', 'restored from the address');
  });

  it('searches, filters and sorts, with an empty state; / focuses the search', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    const el = await mountConsole('/console?view=all');
    await byText(el, 'a.ticket', 'Printer on floor 2 jams');
    document.body.focus();
    await sendKeys({ press: '/' });
    await waitFor(() => focusedIn(el)?.id === 'inbox-q', 'the search has focus');
    await sendKeys({ type: 'printer' });
    await waitFor(() => rows(el).length === 1 && rows(el)[0] === 'Printer on floor 2 jams', 'search results');
    equal(new URLSearchParams(location.search).get('q'), 'printer', 'the search is in the address');

    await sendKeys({ press: 'Escape' });
    await waitFor(() => rows(el).length > 1, 'search cleared');
    const status = await $<HTMLSelectElement>(el, 'select#f-status');
    status.value = 'closed';
    status.dispatchEvent(new Event('change'));
    await waitFor(() => rows(el).join() === 'Old question', 'status filter');
    await byText(el, 'summary', 'Filters (1)');
    const kind = await $<HTMLSelectElement>(el, 'select#f-kind');
    kind.value = 'task';
    kind.dispatchEvent(new Event('change'));
    await byText(el, 'p', 'Nothing matches: try another search or fewer filters.');
    await byText(el, '.state button', 'Clear the search and filters');
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, 'button', 'Clear filters')).click();
    await waitFor(() => rows(el).length > 1, 'filters cleared');

    // Sort by priority, most pressing first, then the other way round (other test files add tickets: compare ranks).
    const ranks = () =>
      findAll(el, 'a.ticket .priority').map((p) =>
        ['low', 'medium', 'high', 'urgent'].findIndex((name) => p.classList.contains(`priority-${name}`)),
      );
    const sorted = (order: 1 | -1) => {
      const r = ranks();
      return r.length > 1 && r.every((rank, i) => i === 0 || (rank - r[i - 1]!) * order >= 0) && r[0] !== r.at(-1);
    };
    const sort = await $<HTMLSelectElement>(el, 'select#inbox-sort');
    sort.value = 'priority';
    sort.dispatchEvent(new Event('change'));
    await waitFor(() => sorted(-1), 'most pressing first');
    const order = await $<HTMLSelectElement>(el, 'select#inbox-order');
    order.value = 'asc';
    order.dispatchEvent(new Event('change'));
    await waitFor(() => sorted(1), 'least pressing first');
    equal(new URLSearchParams(location.search).get('order'), 'asc', 'the order is in the address');
  });

  it('moves with j and k, opens with Enter, and lists the shortcuts with ?', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    const el = await mountConsole();
    await byText(el, 'a.ticket', 'Printer on floor 2 jams');
    const links = () => findAll<HTMLAnchorElement>(el, 'a.ticket');
    document.body.focus();
    await sendKeys({ press: 'j' });
    await waitFor(() => focusedIn(el) === links()[0], 'first row');
    await sendKeys({ press: 'j' });
    await waitFor(() => focusedIn(el) === links()[1], 'second row');
    assert(find(el, 'li.selected a.ticket') === links()[1], 'the row is marked');
    await sendKeys({ press: 'k' });
    await waitFor(() => focusedIn(el) === links()[0], 'back to the first row');
    const href = links()[0]!.getAttribute('href')!;

    await sendKeys({ press: '?' });
    const dialog = await $<HTMLDialogElement>(el, 'dialog#shortcuts');
    await waitFor(() => dialog.open, 'the shortcuts dialog');
    const listed = textOf(dialog);
    for (const key of ['j', 'k', 'Enter', '/', '?', 'r', 'n', 'e']) assert(listed.includes(key), `lists ${key}`);
    assert(listed.includes('Reply to the customer') && listed.includes('internal note'), listed);
    await expectAccessible(el);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog.open, 'closed with Escape');

    links()[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => location.pathname === href, 'the ticket page');
    const page = await $(el, 'tp-console-ticket');
    equal(page.getAttribute('ticket-id'), href.split('/').pop(), 'the ticket page gets the id');
    history.back();
    await byText(el, 'a.ticket', 'Printer on floor 2 jams');
  });

  it('shows new tickets and replies live, with the counts', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    const el = await mountConsole('/console?view=unassigned');
    await byText(el, 'a.ticket', 'Printer on floor 2 jams');
    const before = countOf(el, 'Unassigned');
    const id = await server.newTicket('Arrived while watching');
    await byText(el, 'a.ticket', 'Arrived while watching');
    await waitFor(() => countOf(el, 'Unassigned') === before + 1, 'the count follows');
    await waitFor(
      () => find(el, 'li.fresh a.ticket')?.getAttribute('href') === `/console/tickets/${id}`,
      'marked as new',
    );
    await byText(el, '[role=status]', 'changed');
    // A reply moves the ticket to the top when sorted by update.
    await server.agentReply(w.tickets.printer, 'On our way.');
    await waitFor(() => rows(el)[0] === 'Printer on floor 2 jams', 'the replied ticket leads');
  });

  it('says when the list cannot load, and retries', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    const el = await mountConsole('/console?portalId=no-such-portal');
    await byText(el, '[role=alert]', 'no such portal');
    await byText(el, '[role=alert] button', 'Try again');
    await expectAccessible(el);
  });

  it('speaks French, fits 360 and 768 px in the dark', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    await setViewport({ width: 360, height: 740 });
    await emulateMedia({ colorScheme: 'dark' });
    const el = await mountConsole('/console', 'fr');
    await byText(el, 'a.ticket', 'Printer on floor 2 jams');
    await byText(el, 'nav a', 'Tous les ouverts');
    await byText(el, 'nav a', 'En attente du client');
    await byText(el, 'label', 'Rechercher des tickets et des tâches');
    await byText(el, 'a.ticket', 'Non attribué');
    const shell = el.shadowRoot!.querySelector('.shell')!;
    assert(shell.scrollWidth <= 360, `no sideways scroll at 360 px (${shell.scrollWidth})`);
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
    await setViewport({ width: 768, height: 1024 });
    await waitFor(() => shell.scrollWidth <= 768 && document.documentElement.scrollWidth <= 768, 'fits 768 px');
    // At 768 px the row keeps its badges beside the title.
    const row = find(el, 'a.ticket')!;
    assert(getComputedStyle(row).gridTemplateColumns.split(' ').length === 3, 'three columns at 768 px');
  });
});
