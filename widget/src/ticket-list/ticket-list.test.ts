import { sendKeys } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  cleanup,
  click,
  equal,
  expectAccessible,
  find,
  findAll,
  mount,
  textOf,
  type,
  waitFor,
  world,
} from '../../test/helpers.js';

const titles = (el: Element) => findAll(el, 'li .title').map((t) => t.textContent);

describe('<tp-ticket-list>', () => {
  afterEach(cleanup);

  it('lists tickets newest first with colored status badges and priority labels', async () => {
    const el = await mount({ token: (await world()).tokens.alice });
    await byText(el, 'li button', 'Printer on floor 2 jams');
    const list = titles(el);
    equal(list[0], 'Bob shares with the org', 'newest first');
    const open = findAll(el, '.badge.status-open')[0]!;
    equal(getComputedStyle(open).backgroundColor, 'rgb(187, 247, 208)', 'open is green');
    const closed = findAll(el, '.badge.status-closed')[0]!;
    equal(getComputedStyle(closed).backgroundColor, 'rgb(229, 231, 235)', 'closed is gray');
    assert(textOf(el).includes('High'), 'priority label');
    await expectAccessible(el);
  });

  it('switches views in the side panel, searches and sorts', async () => {
    const el = await mount({ token: (await world()).tokens.alice });
    await byText(el, 'li button', 'Printer');
    const views = findAll(el, 'nav button .label').map((b) => b.textContent!.trim());
    equal(views.join('|'), 'All tickets|My open|My closed|Followed|Incident|Question');
    (await byText<HTMLButtonElement>(el, 'nav button', 'My closed')).click();
    await waitFor(() => titles(el).join() === 'Old question', 'my closed view');
    (await byText<HTMLButtonElement>(el, 'nav button', 'Incident')).click();
    await waitFor(() => titles(el).join() === 'Printer on floor 2 jams', 'type view');
    (await byText<HTMLButtonElement>(el, 'nav button', 'All tickets')).click();

    const search = await $<HTMLInputElement>(el, 'input#q');
    search.focus();
    await sendKeys({ type: 'printer' });
    await waitFor(() => titles(el).join() === 'Printer on floor 2 jams', 'search');
    type(search, 'zzz-nothing');
    await byText(el, '[role=status]', 'Nothing matches');

    type(search, '');
    const sort = await $<HTMLSelectElement>(el, 'select#sort');
    type(sort, 'priority');
    await waitFor(() => titles(el)[0] === 'Printer on floor 2 jams', 'priority sort puts high first');
  });

  it('sorts in either direction with a button named for what it does', async () => {
    const el = await mount({ token: (await world()).tokens.alice });
    await byText(el, 'li button', 'Printer');
    const newestFirst = titles(el);
    equal(newestFirst[0], 'Bob shares with the org', 'newest first by default');
    const direction = () => find<HTMLButtonElement>(el, '.tools button')!;
    equal(direction().getAttribute('aria-label'), 'Sort ascending', 'offers the other direction');
    await expectAccessible(el);

    await click(direction());
    await waitFor(() => titles(el)[0] === 'Printer on floor 2 jams', 'oldest first');
    equal(JSON.stringify(titles(el)), JSON.stringify([...newestFirst].reverse()), 'the same tickets, reversed');
    equal(direction().getAttribute('aria-label'), 'Sort descending');

    // Another sort starts in its natural direction: statuses in workflow order, open first.
    type(await $<HTMLSelectElement>(el, 'select#sort'), 'status');
    await waitFor(() => direction().getAttribute('aria-label') === 'Sort descending', 'status sorts ascending');
    type(await $<HTMLSelectElement>(el, 'select#sort'), 'updated');
    await waitFor(() => direction().getAttribute('aria-label') === 'Sort ascending', 'updated sorts descending');
    cleanup();

    const fr = await mount({ token: (await world()).tokens.alice, locale: 'fr' });
    await byText(fr, 'li button', 'Printer');
    equal(find(fr, '.tools button')!.getAttribute('aria-label'), 'Tri croissant');
    find<HTMLButtonElement>(fr, '.tools button')!.click();
    await waitFor(() => find(fr, '.tools button')!.getAttribute('aria-label') === 'Tri décroissant', 'French');
  });

  it("shows the list's shape while it loads, then an empty state that invites the first ticket", async () => {
    // A slow network: the list's answer takes a second.
    const original = window.fetch;
    window.fetch = async (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/tickets?'))
        await new Promise((r) => setTimeout(r, 1000));
      return original(input, init);
    };
    try {
      const el = await mount({ token: (await world()).tokens.emptyUser });
      const bones = await $(el, '.skeleton .bone.row');
      equal(bones.closest('.skeleton')!.getAttribute('role'), 'status', 'the skeleton is a status');
      equal(find(el, '.skeleton .sr-only')!.textContent, 'Loading…', 'named for screen readers');
    } finally {
      window.fetch = original;
    }
    cleanup();
    const el = await mount({ token: (await world()).tokens.emptyUser });
    await byText(el, '[role=status]', 'No tickets here yet.');
    await byText(el, '.state p', 'the support team answers here');
    (await byText<HTMLButtonElement>(el, '.state button', 'New ticket')).click();
    await $(el, 'input#title');
    await expectAccessible(el);
  });

  it('shows an error state for an unknown portal', async () => {
    const el = await mount({ portal: 'no-such-portal', token: null });
    equal(
      (await byText(el, '[role=alert]', 'not available')).textContent!.trim(),
      'This support portal is not available.',
    );
    // What to do instead, beside it (issue 12: an error says what to do next).
    await byText(el, '.unavailable p.muted', 'contact page');
    await expectAccessible(el);
  });

  it('shows hostile ticket text as inert text', async () => {
    const el = await mount({ token: (await world()).tokens.alice });
    const row = await byText(el, 'li .title', 'onerror');
    equal(findAll(el, 'img').length, 0, 'no element from ticket text');
    assert(!row.textContent!.includes('\u202E'), 'RTL override neutralised');
    await new Promise((r) => setTimeout(r, 100));
    equal((window as Window & { __pwned?: number }).__pwned, undefined, 'nothing ran');
  });

  it('speaks French and words a tasks portal as tasks', async () => {
    const w = await world();
    const fr = await mount({ token: w.tokens.alice, locale: 'fr' });
    await byText(fr, 'button', 'Nouveau ticket');
    await byText(fr, '.badge', 'Ouvert');
    await byText(fr, 'nav button', 'Mes fermés');
    await expectAccessible(fr);
    cleanup();
    const tasks = await mount({ portal: 'tasks', token: w.tokens.aliceTasks });
    await byText(tasks, 'h2', 'Tasks');
    await byText(tasks, 'button', 'New task');
    await byText(tasks, 'li button', 'Migrate the wiki');
    equal(titles(tasks).length, 1, 'only tasks');
  });

  it('puts the views in a panel on the right that folds away, and in one picker in the small embedded panel', async () => {
    const w = await world();
    const wide = await mount({ token: w.tokens.alice });
    await byText(wide, 'li button', 'Printer');
    const nav = await $(wide, 'nav');
    const list = find(wide, 'tp-ticket-list')!.shadowRoot!.querySelector('section')!;
    assert(nav.getBoundingClientRect().left > list.getBoundingClientRect().right - 1, 'the panel is right of the list');
    const toggle = find<HTMLButtonElement>(wide, 'button.toggle')!;
    equal(toggle.getAttribute('aria-expanded'), 'true', 'the panel is open');
    equal(toggle.textContent!.trim(), 'Views', 'the toggle is named');
    toggle.click();
    await waitFor(() => !find(wide, 'nav'), 'the panel folds away');
    equal(toggle.getAttribute('aria-expanded'), 'false', 'the toggle says so');
    await expectAccessible(wide);
    cleanup();

    const small = await mount({ token: w.tokens.alice, mode: 'embedded' });
    small.open();
    await byText(small, 'li button', 'Printer');
    const picker = await $<HTMLSelectElement>(small, 'select#view');
    assert(picker.getClientRects().length > 0, 'the picker shows');
    equal(
      [...picker.options].map((o) => o.text.replace(/ \(\d+\+?\)$/, '')).join('|'),
      'All tickets|My open|My closed|Followed|Incident|Question',
      'every view in it',
    );
    assert(!find(small, 'nav'), 'no tab rows');
    type(picker, 'my_closed');
    await waitFor(() => titles(small).join() === 'Old question', 'my closed view');
    const header = find(small, 'header')!.getBoundingClientRect().height;
    const tools = find(small, '.tools')!.getBoundingClientRect();
    assert(tools.bottom - header < 260, `the list starts near the top (${Math.round(tools.bottom - header)} px)`);
    await expectAccessible(small);
  });

  it("shows each view's count, in the panel and in the picker, and each matches its list (issue 12)", async () => {
    const w = await world();
    const el = await mount({ token: w.tokens.alice });
    await byText(el, 'li button', 'Printer');
    await waitFor(() => findAll(el, 'nav .count').length === 6, 'a count on every view');
    const shown = new Map(
      findAll(el, 'nav button').map((b) => [
        b.querySelector('.label')!.textContent!.trim(),
        b.querySelector('.count')!,
      ]),
    );
    for (const [name, count] of shown) {
      (await byText<HTMLButtonElement>(el, 'nav button', name)).click();
      await waitFor(
        () =>
          find(el, `nav button[aria-current=true]`)?.textContent?.includes(name) &&
          find(el, 'ol[aria-busy=false], .state'),
        `${name} listed`,
      );
      const rows = findAll(el, 'li .title').length;
      equal(count.textContent!.replace(',', '').trim(), String(rows), `${name}: count and list`);
    }
    // Read out after the view's name, as one phrase.
    equal(
      find(el, 'nav button')!.textContent!.replace(/\s+/g, ' ').trim(),
      `All tickets, ${shown.get('All tickets')!.textContent!.replace(',', '').trim()}`,
    );
    await expectAccessible(el);
    cleanup();

    const small = await mount({ token: w.tokens.alice, mode: 'embedded' });
    small.open();
    const picker = await $<HTMLSelectElement>(small, 'select#view');
    await waitFor(() => [...picker.options].every((o) => / \(\d+\)$/.test(o.text)), 'counts in the picker');
    equal(
      [...picker.options].map((o) => o.text).join('|'),
      [...shown].map(([name, count]) => `${name} (${count.textContent!.replace(',', '').trim()})`).join('|'),
      'the same counts',
    );
    await expectAccessible(small);
  });
});
