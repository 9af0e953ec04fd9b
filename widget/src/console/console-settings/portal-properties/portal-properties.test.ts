import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  assert,
  $,
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
import { dropPortal, portalNow, testPortal } from '../settings-portals/test-portal.js';
import '../../index.js';

const start = location.pathname + location.search;
const SLUG = 'b-props';

/** The properties as listed, top to bottom. */
function listed(el: Element): string[] {
  return findAll(el, 'tp-portal-properties tbody tr, tbody tr[data-property]').map((r) => r.dataset.property ?? '');
}

function button(el: Element, label: string): HTMLButtonElement {
  const b = find<HTMLButtonElement>(el, `button[aria-label="${label}"]`);
  assert(b, `a button "${label}"`);
  return b;
}

const drag = (type: string, target: Element, dataTransfer: DataTransfer) =>
  target.dispatchEvent(new DragEvent(type, { bubbles: true, composed: true, cancelable: true, dataTransfer }));

describe('settings: detail panel properties', () => {
  afterEach(async () => {
    await dropPortal(SLUG);
    await resetConsole(start);
  });

  it('reorders by keyboard and by drag and drop, adds, removes and marks editable, then saves', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await testPortal(SLUG, {
      detailProperties: [
        { property: 'status', editable: false },
        { property: 'priority', editable: false },
        { property: 'due_date', editable: false },
      ],
    });
    const el = await mountConsole(`/console/settings/portals/${SLUG}/properties`);
    await byText(el, 'td', 'Due date');
    await byText(el, 'th', 'Actions');
    await waitFor(() => listed(el).length === 3, 'three rows');
    await expectAccessible(el);

    // The move buttons: the focus stays on the moved row's button, and the move is announced.
    button(el, 'Move Due date up').click();
    await waitFor(() => listed(el).join() === 'status,due_date,priority', 'moved up by its button');
    await byText(el, '[role=status]', 'Due date moved to position 2 of 3.');
    const focused = () => {
      let a: Element | null = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a;
    };
    await waitFor(() => focused() === button(el, 'Move Due date up'), 'focus stays on the button');
    // Alt+↑ on the focused row moves it again.
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ up: 'Alt' });
    await waitFor(() => listed(el).join() === 'due_date,status,priority', 'moved up by Alt+ArrowUp');
    await byText(el, '[role=status]', 'Due date moved to position 1 of 3.');
    equal(button(el, 'Move Due date up').disabled, true, 'the first row cannot go up');

    // Drag and drop: Due date onto Priority's row (the last).
    const data = new DataTransfer();
    const rowOf = (p: string) => find(el, `tr[data-property="${p}"]`)!;
    drag('dragstart', rowOf('due_date'), data);
    drag('dragover', rowOf('priority'), data);
    drag('drop', rowOf('priority'), data);
    drag('dragend', rowOf('due_date'), data);
    await waitFor(() => listed(el).join() === 'status,priority,due_date', 'dropped at the end');

    // Remove with the X under Actions, add another property (a custom field by its label).
    button(el, 'Remove Priority').click();
    await waitFor(() => listed(el).join() === 'status,due_date', 'priority removed');
    const add = await $<HTMLSelectElement>(el, 'select#add');
    assert(
      [...add.options].some((o) => o.value === 'priority' && o.text === 'Priority'),
      'priority offered again',
    );
    type(add, 'custom:browser');
    (await byText<HTMLButtonElement>(el, '.add button', 'Add')).click();
    await waitFor(() => listed(el).join() === 'status,due_date,custom:browser', 'browser added');
    await byText(el, 'td', 'Browser');
    // Status can never be edited by customers: no checkbox, "Read only".
    equal(find(el, 'input[aria-label="Status editable"]'), undefined, 'no checkbox for status');
    await byText(el, 'tr[data-property="status"] td', 'Read only');
    find<HTMLInputElement>(el, 'input[aria-label="Due date editable"]')!.click();
    await expectAccessible(el);

    (await byText<HTMLButtonElement>(el, 'button.primary', 'Save')).click();
    await byText(el, '[role=status]', 'Saved.');
    const saved = (await portalNow(SLUG)).config.detailProperties;
    equal(
      JSON.stringify(saved),
      JSON.stringify([
        { property: 'status', editable: false },
        { property: 'due_date', editable: true },
        { property: 'custom:browser', editable: false },
      ]),
      'saved in order',
    );
  });

  it('shows the server’s refusal naming the property, in French at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await testPortal(SLUG, { detailProperties: [{ property: 'status', editable: false }] });
    const created = await fetch('/api/v1/admin/custom-fields', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'b_gone', label: 'Champ éphémère', type: 'text', typeIds: [] }),
    });
    equal(created.status, 201, 'field created');
    const field = (await created.json()) as { id: string };
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole(`/console/settings/portals/${SLUG}/properties`, 'fr');
    await byText(el, 'th', 'Propriété');
    const add = await $<HTMLSelectElement>(el, 'select#add');
    await waitFor(() => [...add.options].some((o) => o.value === 'custom:b_gone'), 'the field is offered');
    type(add, 'custom:b_gone');
    (await byText<HTMLButtonElement>(el, '.add button', 'Ajouter')).click();
    await byText(el, 'td', 'Champ éphémère');
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
    // The field goes before the admin saves: the server names the row, in French.
    await fetch(`/api/v1/admin/custom-fields/${field.id}?confirm=true`, {
      method: 'DELETE',
      credentials: 'same-origin',
    });
    (await byText<HTMLButtonElement>(el, 'button.primary', 'Enregistrer')).click();
    await byText(el, '[role=alert]', 'Champ éphémère');
    const alert = find(el, 'tp-portal-properties [role=alert], [role=alert]')!;
    assert(/champ/i.test(alert.textContent ?? ''), `the server's words: ${alert.textContent}`);
  });
});
