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
  server,
  textOf,
  type,
  waitFor,
  world,
} from '../../test/helpers.js';

async function openTicket(title: string, token?: string) {
  const el = await mount({ token: token ?? (await world()).tokens.alice });
  (await byText<HTMLButtonElement>(el, 'li button', title)).click();
  await byText(el, 'h2', title);
  return el;
}

describe('<tp-ticket-detail>', () => {
  afterEach(cleanup);

  it('shows the configured properties and edits the editable ones in place, with the API validation message', async () => {
    const el = await openTicket('Printer on floor 2 jams');
    const text = textOf(el);
    for (const label of [
      'Status',
      'Priority',
      'Type',
      'Created',
      '% complete',
      'Due date',
      'Browser',
      'Every second page.',
    ]) {
      assert(text.includes(label), `shows ${label}`);
    }
    assert(text.includes('Not assigned yet'), 'assignee');
    const percent = await $<HTMLInputElement>(el, 'input#p-percent_complete');
    type(percent, '150');
    const error = await $(el, '#p-percent_complete-err');
    assert(/100/.test(error.textContent!), `validation message names the limit: ${error.textContent}`);
    await expectAccessible(el);
    type(percent, '40');
    await waitFor(() => !find(el, '#p-percent_complete-err'), 'error cleared');
    // The customer is told the value is kept, beside the field.
    const saved = await byText(el, '.saved[role=status]', 'Saved.');
    equal(saved.closest('dd')!.querySelector('input')!.id, 'p-percent_complete', 'said beside the field saved');
    const browser = await $<HTMLSelectElement>(el, 'select#p-custom-browser');
    type(browser, 'Firefox');
    await new Promise((r) => setTimeout(r, 300));
    cleanup();
    const again = await openTicket('Printer on floor 2 jams');
    equal((await $<HTMLInputElement>(again, 'input#p-percent_complete')).value, '40', 'saved');
    equal((await $<HTMLSelectElement>(again, 'select#p-custom-browser')).value, 'Firefox', 'saved custom field');
  });

  it('closes and reopens a ticket', async () => {
    const el = await openTicket('Old question');
    (await byText<HTMLButtonElement>(el, 'button', 'Reopen')).click();
    await byText(el, '.top .badge', 'Open');
    (await byText<HTMLButtonElement>(el, 'button', 'Close ticket')).click();
    await byText(el, '.top .badge', 'Closed');
  });

  it('shares a ticket by email and stops sharing it', async () => {
    const el = await openTicket('Printer on floor 2 jams');
    const share = await $<HTMLInputElement>(el, 'input#share');
    type(share, 'bob@acme.test');
    (await byText<HTMLButtonElement>(el, 'button', /^\s*Add\s*$/)).click();
    const remove = await byText<HTMLButtonElement>(el, 'button', 'Remove Bob Stone');
    await expectAccessible(el);
    remove.click();
    await waitFor(() => !findAll(el, 'button').some((b) => b.textContent!.includes('Remove Bob')), 'removed');
  });

  it("shares by name: the organization's people suggested in a combobox, picked by keyboard or mouse", async () => {
    const w = await world();
    const el = await mount({ mode: 'embedded', token: w.tokens.alice });
    el.open();
    (await byText<HTMLButtonElement>(el, 'li button', 'Printer on floor 2 jams')).click();
    const share = await $<HTMLInputElement>(el, 'input#share');
    await byText(el, 'h3', 'Time spent');
    equal(share.type, 'text', 'a name is not an email address');
    equal(share.getAttribute('role'), 'combobox');
    equal(share.labels![0]!.textContent!.trim(), 'Share with (name or email)', 'its name');
    const listbox = find<HTMLUListElement>(el, '#people')!;
    const options = () => findAll(listbox, '[role=option]').filter(() => !listbox.hidden);
    const followers = async () => {
      const res = await fetch(`${w.api}/api/v1/portals/acme/tickets/${w.tickets.printer}/followers`, {
        headers: { authorization: `Bearer ${w.tokens.alice}` },
      });
      return ((await res.json()) as { items: { name: string }[] }).items.map((f) => f.name);
    };

    // Keyboard: type part of a name, arrow down to the suggestion, Enter picks it, Add shares.
    await click(share);
    await sendKeys({ type: 'stone' });
    await waitFor(() => options().length === 1, 'one suggestion');
    equal(share.getAttribute('aria-expanded'), 'true');
    assert(
      options()[0]!.textContent!.trim().startsWith('Bob Stone'),
      `named first by the person's name: ${options()[0]!.textContent}`,
    );
    assert(options()[0]!.textContent!.includes('bob@acme.test'), 'then the address');
    await expectAccessible(el);
    await sendKeys({ press: 'ArrowDown' });
    equal(share.getAttribute('aria-activedescendant'), options()[0]!.id, 'the active option');
    equal(options()[0]!.getAttribute('aria-selected'), 'true');
    await sendKeys({ press: 'Enter' });
    equal(share.value, 'Bob Stone', 'the field holds the name');
    equal(share.getAttribute('aria-expanded'), 'false', 'the list closed');
    await click(await byText<HTMLButtonElement>(el, 'button', /^\s*Add\s*$/));
    const removeBob = await byText<HTMLButtonElement>(el, 'button', 'Remove Bob Stone');
    assert((await followers()).includes('Bob Stone'), 'Bob follows, by the server');
    equal(share.value, '', 'the field is cleared');

    // Escape closes the suggestions, not the panel.
    await click(share);
    await sendKeys({ type: 'acme.test' });
    await waitFor(() => options().length > 0, 'suggestions by address');
    assert(!options().some((o) => o.textContent!.includes('alice@acme.test')), 'never the customer themself');
    await sendKeys({ press: 'Escape' });
    equal(share.getAttribute('aria-expanded'), 'false', 'closed by Escape');
    assert(find(el, 'dialog[open]'), 'the panel stays open');

    // Mouse: a click on a suggestion picks it.
    share.value = '';
    await sendKeys({ type: 'dupont' });
    await waitFor(() => options().length === 1, 'Carol suggested');
    const carol = options()[0]!
      .textContent!.trim()
      .split(/\s+carol@/)[0]!;
    await click(options()[0]!);
    equal(share.value, carol, 'picked by a click');
    await click(await byText<HTMLButtonElement>(el, 'button', /^\s*Add\s*$/));
    const removeCarol = await byText<HTMLButtonElement>(el, 'button', `Remove ${carol}`);
    assert((await followers()).includes(carol), 'Carol follows, by the server');

    removeBob.click();
    await waitFor(() => !findAll(el, 'button').some((b) => b.textContent!.includes('Remove Bob')), 'Bob removed');
    (await byText<HTMLButtonElement>(el, 'button', `Remove ${carol}`)).click();
    await waitFor(
      () => !removeCarol.isConnected && !findAll(el, 'button').some((b) => b.textContent!.includes(`Remove ${carol}`)),
      'Carol removed',
    );
  });

  it('shares with the very person picked among namesakes', async () => {
    const w = await world();
    const el = await openTicket('Printer on floor 2 jams');
    await byText(el, 'h3', 'Time spent');
    const share = await $<HTMLInputElement>(el, 'input#share');
    await click(share);
    await sendKeys({ type: 'sam lee' });
    const options = () => findAll(el, '#people:not([hidden]) [role=option]');
    await waitFor(() => options().length === 2, 'both Sam Lees');
    // Typing on narrows the suggestions shown at once, before the server answers the new text.
    type(share, 'sam lee samuel');
    await new Promise((r) => requestAnimationFrame(r));
    equal(options().length, 0, 'no suggestion matches the new text');
    type(share, 'sam lee');
    await waitFor(() => options().length === 2, 'both Sam Lees again');
    const [first, second] = options().map((o) => o.textContent!.trim().split(/\s+/).pop()!);
    assert(
      first !== second && [first, second].every((a) => /^sam(uel)?\.lee@acme\.test$/.test(a!)),
      `told apart by address: ${first}, ${second}`,
    );
    // The second one: a pick by name alone would take the first.
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    equal(share.value, 'Sam Lee');
    (await byText<HTMLButtonElement>(el, 'button', /^\s*Add\s*$/)).click();
    const remove = await byText<HTMLButtonElement>(el, 'button', 'Remove Sam Lee');
    const res = await fetch(`${w.api}/api/v1/portals/acme/tickets/${w.tickets.printer}/followers`, {
      headers: { authorization: `Bearer ${w.tokens.alice}` },
    });
    const emails = ((await res.json()) as { items: { email: string }[] }).items.map((f) => f.email);
    assert(emails.includes(second!) && !emails.includes(first!), `the one picked follows: ${emails.join(', ')}`);
    remove.click();
    await waitFor(() => !findAll(el, 'button').some((b) => b.textContent!.includes('Remove Sam Lee')), 'removed');
  });

  it('names the share field and its button in French', async () => {
    const el = await mount({ token: (await world()).tokens.alice, locale: 'fr' });
    (await byText<HTMLButtonElement>(el, 'li button', 'Printer on floor 2 jams')).click();
    const share = await $<HTMLInputElement>(el, 'input#share');
    equal(share.labels![0]!.textContent!.trim(), 'Partager avec (nom ou e-mail)');
    await byText(el, 'button', /^\s*Ajouter\s*$/);
  });

  it('logs time where the portal has timesheets', async () => {
    const el = await openTicket('Printer on floor 2 jams');
    await byText(el, 'h3', 'Time spent');
    type(await $<HTMLInputElement>(el, 'input#t-min'), '90');
    type(await $<HTMLInputElement>(el, 'input#t-note'), 'Waited for the technician');
    (await byText<HTMLButtonElement>(el, 'button', 'Log time')).click();
    await byText(el, 'p', 'Total: 1 h 30');
    await byText(el, 'li', 'Waited for the technician');
  });

  it('keeps the chosen date for the next time entry, and logs once on a double click', async () => {
    const w = await world();
    const title = `Timesheet ${Date.now()}`;
    const id = await server.newTicket(title);
    const el = await openTicket(title, w.tokens.dana);
    await byText(el, 'h3', 'Time spent');
    const date = await $<HTMLInputElement>(el, 'input#t-date');
    type(await $<HTMLInputElement>(el, 'input#t-min'), '45');
    type(date, '2025-12-24');
    type(await $<HTMLInputElement>(el, 'input#t-note'), 'Stocktaking');
    await click(await byText<HTMLButtonElement>(el, 'button', 'Log time'), 2);
    await byText(el, 'li', 'Stocktaking');
    await new Promise((r) => setTimeout(r, 500));

    const res = await fetch(`${w.api}/api/v1/portals/acme/tickets/${id}/time-entries`, {
      headers: { authorization: `Bearer ${w.tokens.dana}` },
    });
    const logged = ((await res.json()) as { items: { minutes: number; date: string }[] }).items;
    equal(
      JSON.stringify(logged.map((e) => [e.minutes, e.date])),
      JSON.stringify([[45, '2025-12-24']]),
      'one entry, on the chosen date',
    );
    equal(date.value, '2025-12-24', 'the date is kept');
    equal((await $<HTMLInputElement>(el, 'input#t-min')).value, '', 'the minutes are cleared for the next entry');
    equal((await $<HTMLInputElement>(el, 'input#t-note')).value, '', 'and the note');

    type(await $<HTMLInputElement>(el, 'input#t-min'), '15');
    (await byText<HTMLButtonElement>(el, 'button', 'Log time')).click();
    await byText(el, 'p', 'Total: 1 h 00');
    equal(date.value, '2025-12-24', 'still kept');
  });

  it('answers a missing ticket with the not-found state', async () => {
    const w = await world();
    const el = await mount({ token: w.tokens.emptyUser });
    await byText(el, '[role=status]', 'No tickets here yet.');
    const shell = el.shadowRoot!.querySelector('.shell')!;
    // Navigate as a row would: a route event from inside the portal, to a ticket Erin may not see.
    const nav = new Event('tp-navigate', { bubbles: true, composed: true }) as Event & { route: unknown };
    nav.route = { name: 'ticket', id: w.tickets.printer };
    shell.querySelector('main')!.dispatchEvent(nav);
    await byText(el, '[role=alert]', 'does not exist or is not shared with you');
  });

  it('asks for a rating once the support team resolved the ticket, takes it once, and shows it after', async () => {
    const w = await world();
    const title = `Rate me ${Date.now()}`;
    const id = await server.newTicket(title);
    const el = await openTicket(title, w.tokens.dana);
    equal(findAll(el, 'form.rating').length, 0, 'not asked while the ticket is open');
    await server.setStatus(id, 'resolved');
    const form = await $(el, 'form.rating');
    equal(form.querySelector('h3')!.textContent, 'How did we do?', 'asked');
    const good = await byText<HTMLButtonElement>(el, 'form.rating button', 'Good');
    const bad = await byText<HTMLButtonElement>(el, 'form.rating button', 'Bad');
    equal(findAll(el, 'textarea#rate-comment').length, 0, 'the comment comes with a choice');
    await click(good);
    equal(good.getAttribute('aria-pressed'), 'true', 'good picked');
    await click(bad);
    equal(bad.getAttribute('aria-pressed'), 'true', 'changed to bad');
    equal(good.getAttribute('aria-pressed'), 'false', 'good no longer picked');
    await expectAccessible(el);
    const comment = await $<HTMLTextAreaElement>(el, 'textarea#rate-comment');
    comment.value = 'It took a week.';
    await click(await byText<HTMLButtonElement>(el, 'form.rating button', 'Send my rating'));
    await byText(el, '.rating.done p', 'Thank you: you rated this ticket Bad.');
    await byText(el, '.rating.done p', 'It took a week.');
    equal(findAll(el, 'form.rating').length, 0, 'asked once');

    cleanup();
    const again = await openTicket(title, w.tokens.dana);
    await byText(again, '.rating.done p', 'you rated this ticket Bad');
    equal(findAll(again, 'form.rating').length, 0, 'not asked again later');
    await expectAccessible(again);
  });
});
