import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  $,
  assert,
  byText,
  equal,
  expectAccessible,
  find,
  findAll,
  type,
  waitFor,
  world,
} from '../../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../../test/console.js';
import '../../index.js';

const start = location.pathname + location.search;

interface Detail {
  id: string;
  name: string;
  followers: { users: { id: string }[]; organizations: { id: string }[] };
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`/api/v1/admin${path}`, { credentials: 'same-origin' });
  return (await res.json()) as T;
}

/** The project named `name` with its followers, as the API has it (undefined when there is none). */
async function projectNamed(name: string): Promise<Detail | undefined> {
  const page = await api<{ items: { id: string; name: string }[] }>(`/projects?q=${encodeURIComponent(name)}`);
  const row = page.items.find((p) => p.name === name);
  return row && api<Detail>(`/projects/${row.id}`);
}

describe('settings: projects', () => {
  afterEach(() => resetConsole(start));

  it('creates, renames, gives followers to and deletes a project, asking before it deletes', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const el = await mountConsole('/console/settings/projects');
    await byText(el, 'h2', 'Projects');
    const name = `Roadmap ${Date.now()}`;

    // An empty name is refused by the browser before the server is asked.
    (await byText<HTMLButtonElement>(el, 'button', 'Create')).click();
    equal((await $<HTMLInputElement>(el, 'input#new-project')).validity.valueMissing, true, 'the name is required');

    type(await $<HTMLInputElement>(el, 'input#new-project'), name);
    (await byText<HTMLButtonElement>(el, 'button', 'Create')).click();
    // The new project opens, its name field focused.
    const rename = await $<HTMLInputElement>(el, 'input#rename');
    await waitFor(() => rename.value === name, 'the new project is open');
    assert(await projectNamed(name), 'created on the server');
    await byText(el, 'p', 'No one follows it on their own.');
    await expectAccessible(el);

    type(rename, `${name} v2`);
    (await byText<HTMLButtonElement>(el, '.detail button', 'Save')).click();
    await byText(el, 'button.link', `${name} v2`);
    assert(await projectNamed(`${name} v2`), 'renamed on the server');

    // A follower by search: a customer, then her organization.
    const search = await $<HTMLInputElement>(el, 'input#pick-q');
    search.focus();
    await sendKeys({ type: 'alice' });
    (await byText<HTMLButtonElement>(el, 'button', 'Add Alice Martin')).click();
    await byText(el, '.detail li', 'alice@acme.test');
    type(search, 'Acme Corp');
    (await byText<HTMLButtonElement>(el, 'button', 'Add Acme Corp')).click();
    await byText(el, '.detail button', 'Remove Acme Corp');
    let detail = (await projectNamed(`${name} v2`))!;
    equal(detail.followers.users.length, 1, 'Alice follows');
    equal(detail.followers.organizations.length, 1, 'her organization follows');

    (await byText<HTMLButtonElement>(el, '.detail button', 'Remove Alice Martin')).click();
    await byText(el, 'p', 'No one follows it on their own.');
    detail = (await projectNamed(`${name} v2`))!;
    equal(detail.followers.users.length, 0, 'Alice no longer follows');
    await expectAccessible(el);

    // Deleting asks first, naming what happens; Cancel keeps it.
    (await byText<HTMLButtonElement>(el, 'li button', `Delete ${name} v2`)).click();
    await byText(el, '.confirm[role=alert]', 'Its tickets stay');
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, '.confirm button', 'Cancel')).click();
    await waitFor(() => !find(el, '.confirm'), 'the confirmation closes');
    assert(await projectNamed(`${name} v2`), 'still there');
    (await byText<HTMLButtonElement>(el, 'li button', `Delete ${name} v2`)).click();
    // The confirmation's button has the focus: Enter deletes.
    await waitFor(() => findAll(el, '.confirm button.danger')[0]?.matches(':focus'), 'the Delete button has the focus');
    await sendKeys({ press: 'Enter' });
    await byText(el, '[role=status]', `Project ${name} v2 deleted.`);
    equal(await projectNamed(`${name} v2`), undefined, 'deleted on the server');
  });

  it('shows the server’s refusal in the admin’s language, at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole('/console/settings/projects', 'fr');
    await byText(el, 'h2', 'Projets');
    type(await $<HTMLInputElement>(el, 'input#new-project'), 'Bad\u0007name');
    (await byText<HTMLButtonElement>(el, 'button', 'Créer')).click();
    await byText(el, '[role=alert]', 'caractère de contrôle');
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
  });
});
