import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  equal,
  expectAccessible,
  find,
  findAll,
  textOf,
  waitFor,
  world,
} from '../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../test/console.js';
// The console's own entry, from source.
import '../index.js';

const start = location.pathname + location.search;

/** Alice's account as the admin API has it (name, organization, role). */
async function aliceRow(): Promise<{ id: string; name: string; organizationId: string | null; role: string }> {
  const w = await world();
  const res = await fetch(`/api/v1/admin/users?q=${encodeURIComponent(w.emails.alice)}`, {
    credentials: 'same-origin',
  });
  return ((await res.json()) as { items: { id: string; name: string; organizationId: string | null; role: string }[] })
    .items[0]!;
}

describe('console people', () => {
  afterEach(() => resetConsole(start));

  it('lets an agent search and read people and organizations, but not change them', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    const el = await mountConsole('/console/people');
    await byText(el, 'h2', 'People');
    equal((await byText(el, 'header nav a', 'People')).getAttribute('aria-current'), 'page', 'the section is marked');
    await byText(el, 'ul.items a', 'Alice Martin');
    await byText(el, 'ul.items a', 'Acme Corp');
    await expectAccessible(el);

    const search = await $<HTMLInputElement>(el, 'input#people-q');
    search.focus();
    await sendKeys({ type: 'carol' });
    // Only matches (other test files add people and rename Carol): Carol's address among them.
    await waitFor(() => {
      const found = findAll(el, 'ul.items a').map((a) => textOf(a).toLowerCase());
      return found.some((t) => t.includes('carol@acme.test')) && found.every((t) => t.includes('carol'));
    }, 'search results');
    equal(new URLSearchParams(location.search).get('q'), 'carol', 'the search is in the address');
    await byText(el, 'p', 'No organization matches.');

    search.value = 'alice';
    search.dispatchEvent(new InputEvent('input'));
    (await byText<HTMLAnchorElement>(el, 'ul.items a', 'Alice Martin')).click();
    await byText(el, 'h2', 'Alice Martin');
    await byText(el, 'dd', w.emails.alice);
    await byText(el, 'dd a', 'Acme Corp');
    await byText(el, 'ul.items a', 'Printer on floor 2 jams');
    // Agents read: no form, and a sentence says why.
    equal(find(el, 'form.edit'), undefined, 'no edit form for an agent');
    await byText(el, 'p', 'Only admins change people');
    await expectAccessible(el);

    // "See their tickets": the inbox, filtered to Alice's tickets (open or not).
    (await byText<HTMLAnchorElement>(el, 'a', 'See their tickets')).click();
    await byText(el, 'a.ticket', 'Old question');
    const titles = findAll(el, 'a.ticket .title').map((t) => t.textContent);
    assert(!titles.includes('Bob shares with the org'), `only Alice's: ${titles.join(' | ')}`);
    await byText(el, 'summary', 'Filters (1)');
  });

  it('lets an admin rename a person, move them to no organization and back, and rename an organization', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const before = await aliceRow();
    const el = await mountConsole(`/console/people/${before.id}`);
    const name = await $<HTMLInputElement>(el, 'input#p-name');
    await waitFor(() => name.value === 'Alice Martin', 'the form holds her name');
    await expectAccessible(el);
    name.value = 'Alice M.';
    const org = await $<HTMLSelectElement>(el, 'select#p-org');
    await waitFor(() => org.value === before.organizationId, 'her organization is chosen');
    org.value = '';
    (await byText<HTMLButtonElement>(el, 'form.edit button', 'Save')).click();
    await byText(el, '[role=status]', 'Saved.');
    let row = await aliceRow();
    equal(row.name, 'Alice M.', 'renamed on the server');
    equal(row.organizationId, null, 'no organization on the server');
    await byText(el, 'dd', 'No organization');

    // Put her back as she was, for the other tests.
    name.value = 'Alice Martin';
    org.value = before.organizationId!;
    (await byText<HTMLButtonElement>(el, 'form.edit button', 'Save')).click();
    await byText(el, 'dd a', 'Acme Corp');
    row = await aliceRow();
    equal(row.name, 'Alice Martin', 'name restored');
    equal(row.organizationId, before.organizationId, 'organization restored');

    // An empty name is refused by the browser before the server is asked.
    name.value = '';
    (await byText<HTMLButtonElement>(el, 'form.edit button', 'Save')).click();
    equal(name.validity.valueMissing, true, 'the name is required');

    (await byText<HTMLAnchorElement>(el, 'dd a', 'Acme Corp')).click();
    await byText(el, 'h2', 'Acme Corp');
    await byText(el, 'ul.items a', 'Bob Stone');
    const orgName = await $<HTMLInputElement>(el, 'input#o-name');
    orgName.value = 'Acme Corporation';
    (await byText<HTMLButtonElement>(el, 'form.edit button', 'Save')).click();
    await byText(el, 'h2', 'Acme Corporation');
    orgName.value = 'Acme Corp';
    (await byText<HTMLButtonElement>(el, 'form.edit button', 'Save')).click();
    await byText(el, 'h2', 'Acme Corp');
    await expectAccessible(el);
  });

  it('tells an admin why the server refused a change', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const me = (await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json()) as { id: string };
    const el = await mountConsole(`/console/people/${me.id}`);
    await $(el, 'form.edit');
    // One's own role cannot change: the menu is disabled.
    equal((await $<HTMLSelectElement>(el, 'select#p-role')).disabled, true, 'own role locked');
    const other = await aliceRow();
    el.remove();
    const page = await mountConsole(`/console/people/${other.id}`);
    const name = await $<HTMLInputElement>(page, 'input#p-name');
    await waitFor(() => name.value === 'Alice Martin', 'loaded');
    name.value = 'Bad\u0007name';
    (await byText<HTMLButtonElement>(page, 'form.edit button', 'Save')).click();
    await byText(page, '[role=alert]', 'control characters');
    equal((await aliceRow()).name, 'Alice Martin', 'unchanged');
  });

  it('says when a person does not exist, in French, at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole('/console/people/nobody', 'fr');
    await byText(el, '[role=alert]', 'Cet utilisateur n’existe pas.');
    await byText(el, 'a', 'Retour aux personnes');
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
  });
});
