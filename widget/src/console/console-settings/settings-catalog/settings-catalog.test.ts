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
import { suggestKey } from './settings-catalog-api.js';
import '../../index.js';

const start = location.pathname + location.search;

async function api<T>(path: string): Promise<T> {
  return (await (await fetch(`/api/v1/admin${path}`, { credentials: 'same-origin' })).json()) as T;
}
const types = () => api<{ items: { id: string; key: string; name: string }[] }>('/ticket-types').then((p) => p.items);
const fields = () =>
  api<{
    items: {
      id: string;
      key: string;
      label: string;
      type: string;
      options: string[] | null;
      typeIds: string[] | null;
    }[];
  }>('/custom-fields').then((p) => p.items);
const acme = () => api<{ config: { visibleTypeIds: string[] } }>('/portals/acme');

describe('settings: types and fields', () => {
  afterEach(() => resetConsole(start));

  it('suggests keys the server accepts', () => {
    equal(suggestKey('Feature request', '-'), 'feature-request');
    equal(suggestKey('Équipe  concernée!', '_'), 'equipe_concernee');
    equal(suggestKey('  ', '_'), '');
  });

  it('creates a ticket type shown on a portal, moves it by keyboard, and deletes it after asking', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const el = await mountConsole('/console/settings/catalog');
    await byText(el, 'h3', 'Ticket types');
    await byText(el, 'li', 'Incident');
    await expectAccessible(el);

    (await byText<HTMLButtonElement>(el, 'button', 'New ticket type')).click();
    const name = await $<HTMLInputElement>(el, 'input#c-name');
    await waitFor(() => name.matches(':focus'), 'the name has the focus');
    await sendKeys({ type: 'Billing issue' });
    const key = await $<HTMLInputElement>(el, 'input#c-key');
    equal(key.value, 'billing-issue', 'the key follows the name');

    // A key the server would refuse is explained here first.
    type(key, 'Billing Issue');
    (await byText<HTMLButtonElement>(el, 'form button', 'Create')).click();
    await byText(el, 'form [role=alert]', 'Use 1 to 40 lower case letters');
    equal(key.getAttribute('aria-invalid'), 'true', 'the key is marked');
    assert(!(await types()).some((t) => t.name === 'Billing issue'), 'nothing created');

    type(key, 'billing');
    (await byText<HTMLInputElement>(el, 'label.check', 'Acme Support')).querySelector('input')!.click();
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, 'form button', 'Create')).click();
    await byText(el, 'li', /Billing issue[\s\S]*Portals that show it: Acme Support/);
    await waitFor(() => !find(el, 'form.box'), 'the form closes');
    const created = (await types()).find((t) => t.key === 'billing')!;
    assert(created, 'created on the server');
    assert((await acme()).config.visibleTypeIds.includes(created.id), 'Acme Support shows it');

    // A key another type has: the server's refusal, in words.
    (await byText<HTMLButtonElement>(el, 'li button', 'Edit Billing issue')).click();
    type(await $<HTMLInputElement>(el, 'input#c-key'), 'incident');
    (await byText<HTMLButtonElement>(el, 'form button', 'Save')).click();
    await byText(el, 'form [role=alert]', 'another ticket type has this key');
    (await byText<HTMLButtonElement>(el, 'form button', 'Cancel')).click();

    // Up by keyboard: the moved type keeps the focus, and the order is saved.
    const before = (await types()).map((t) => t.key);
    const up = await $<HTMLButtonElement>(el, `li[data-id="${created.id}"] button[data-move=up]`);
    up.focus();
    await sendKeys({ press: 'Enter' });
    let after: string[] = [];
    await waitFor(() => {
      void types().then((t) => (after = t.map((x) => x.key)));
      return after.indexOf('billing') === before.indexOf('billing') - 1;
    }, 'moved up on the server');
    await waitFor(
      () => find(el, `li[data-id="${created.id}"] button[data-move=up]`)?.matches(':focus'),
      'the moved type keeps the focus',
    );

    (await byText<HTMLButtonElement>(el, 'li button', 'Delete Billing issue')).click();
    await byText(el, '.confirm', 'Portals stop offering it');
    (await byText<HTMLButtonElement>(el, '.confirm button', 'Delete')).click();
    await byText(el, '[role=status]', 'Billing issue deleted.');
    assert(!(await types()).some((t) => t.key === 'billing'), 'deleted on the server');
    assert(!(await acme()).config.visibleTypeIds.includes(created.id), 'no longer on the portal');
  });

  it('creates a select field with ordered options for one type, then deletes it', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const el = await mountConsole('/console/settings/catalog');
    (await byText<HTMLButtonElement>(el, 'button', 'New custom field')).click();
    type(await $<HTMLInputElement>(el, 'input#c-name'), 'Affected version');
    equal((await $<HTMLInputElement>(el, 'input#c-key')).value, 'affected_version', 'the key follows the label');
    const kind = await $<HTMLSelectElement>(el, 'select#c-kind');
    type(kind, 'select');

    // A select without options is refused here.
    (await byText<HTMLButtonElement>(el, 'form button', 'Create')).click();
    await byText(el, 'form [role=alert]', 'needs at least one option');

    for (const option of ['2.4', '2.3']) {
      (await byText<HTMLButtonElement>(el, 'fieldset button', 'Add an option')).click();
      await waitFor(
        () => findAll<HTMLInputElement>(el, '.opt input').at(-1)?.matches(':focus'),
        'the new option has the focus',
      );
      await sendKeys({ type: option });
    }
    (await $<HTMLButtonElement>(el, 'button[aria-label="Move Option 2 up"]')).click();
    await waitFor(() => findAll<HTMLInputElement>(el, '.opt input')[0]?.value === '2.3', 'reordered');
    (await byText<HTMLInputElement>(el, 'label.check', 'Question')).querySelector('input')!.click();
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, 'form button', 'Create')).click();
    await byText(el, 'li', /Affected version[\s\S]*Select · Question/);
    await waitFor(() => !find(el, 'form.box'), 'the form closes');
    const field = (await fields()).find((f) => f.key === 'affected_version')!;
    equal(JSON.stringify(field.options), '["2.3","2.4"]', 'options in order');
    equal(field.typeIds?.length, 1, 'one type');

    // Editing: the key stays.
    (await byText<HTMLButtonElement>(el, 'li button', 'Edit Affected version')).click();
    equal((await $<HTMLInputElement>(el, 'input#c-key')).readOnly, true, 'the key cannot change');
    await byText(el, 'p.hint', 'The key cannot change');
    (await byText<HTMLButtonElement>(el, 'form button', 'Cancel')).click();

    (await byText<HTMLButtonElement>(el, 'li button', 'Delete Affected version')).click();
    await byText(el, '.confirm', 'Portals stop showing it');
    (await byText<HTMLButtonElement>(el, '.confirm button', 'Delete')).click();
    await byText(el, '[role=status]', 'Affected version deleted.');
    assert(!(await fields()).some((f) => f.key === 'affected_version'), 'deleted on the server');
  });

  it('asks again, with the count, before deleting a field that holds values', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const send = (method: string, path: string, body: unknown) =>
      fetch(`/api/v1/admin${path}`, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ id: string; items?: { id: string }[] }>);
    const field = await send('POST', '/custom-fields', { key: 'root_cause', label: 'Root cause', type: 'text' });
    const ticket = (await api<{ items: { id: string }[] }>('/tickets?limit=1')).items[0]!;
    await send('PATCH', `/tickets/${ticket.id}`, { custom: { root_cause: 'Expired certificate' } });

    const el = await mountConsole('/console/settings/catalog');
    (await byText<HTMLButtonElement>(el, 'li button', 'Delete Root cause')).click();
    (await byText<HTMLButtonElement>(el, '.confirm button', 'Delete')).click();
    await byText(el, '.confirm', '1 ticket has a value for Root cause; deleting removes that value');
    assert(
      (await fields()).some((f) => f.id === field.id),
      'not deleted without the second answer',
    );
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, '.confirm button', 'Delete')).click();
    await byText(el, '[role=status]', 'Root cause deleted.');
    assert(!(await fields()).some((f) => f.id === field.id), 'deleted on the server');
    const after = await api<{ custom: Record<string, unknown> }>(`/tickets/${ticket.id}`);
    equal(after.custom.root_cause, undefined, 'the value is gone');
  });

  it('reads in French at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole('/console/settings/catalog', 'fr');
    await byText(el, 'h3', 'Types de tickets');
    await byText(el, 'li', 'Liste de choix · Incident');
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
  });
});
