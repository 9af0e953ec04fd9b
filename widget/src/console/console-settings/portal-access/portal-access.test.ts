import { setViewport } from '@web/test-runner-commands';
import { assert, $, byText, equal, expectAccessible, find, waitFor, world } from '../../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../../test/console.js';
import { dropPortal, portalNow, testPortal } from '../settings-portals/test-portal.js';
import '../../index.js';

const start = location.pathname + location.search;
const SLUG = 'b-access';

function checkbox(el: Element, text: string): HTMLInputElement {
  const label = [...findAllLabels(el)].find((l) => (l.textContent ?? '').includes(text));
  assert(label, `a checkbox "${text}"`);
  return label!.querySelector('input')!;
}

function findAllLabels(el: Element): HTMLLabelElement[] {
  const tab = find(el, 'tp-portal-access');
  return tab ? [...tab.shadowRoot!.querySelectorAll<HTMLLabelElement>('label.check')] : [];
}

describe('settings: who sees what', () => {
  afterEach(async () => {
    await dropPortal(SLUG);
    await resetConsole(start);
  });

  it('saves the rules and types by name, and warns when none is checked', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const before = await testPortal(SLUG);
    const el = await mountConsole(`/console/settings/portals/${SLUG}/access`);
    await byText(el, 'legend', 'Customers can see');
    await byText(el, 'label', 'Tickets requested by themselves or others in their organization');
    await byText(el, 'small', 'except those opened privately');
    // Types by name, every one checked (a new portal shows every type).
    await byText(el, 'label', 'Incident');
    await byText(el, 'label', 'Question');
    await expectAccessible(el);

    const org = checkbox(el, 'others in their organization');
    equal(org.checked, true, 'organization rule on');
    org.click();
    checkbox(el, 'Question').click();
    (await byText<HTMLButtonElement>(el, 'button.primary', 'Save')).click();
    await byText(el, '[role=status]', 'Saved.');
    const after = await portalNow(SLUG);
    equal(
      JSON.stringify(after.config.rules),
      JSON.stringify({ ownOrFollowed: true, organization: false, followedProjects: true }),
      'rules saved',
    );
    equal(after.config.visibleTypeIds.length, before.config.visibleTypeIds.length - 1, 'one type fewer');

    // None checked: the warning says what customers then see.
    checkbox(el, 'requested or follow').click();
    checkbox(el, 'projects they are following').click();
    await byText(el, '.warning', 'customers see no ticket at all on this portal, not even their own');
    for (const name of ['Incident', 'Question']) if (checkbox(el, name).checked) checkbox(el, name).click();
    await byText(el, '.warning', 'No type is checked');
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, 'button.primary', 'Save')).click();
    await byText(el, '[role=status]', 'Saved.');
    const none = await portalNow(SLUG);
    equal(none.config.visibleTypeIds.length, 0, 'no type');
    equal(Object.values(none.config.rules).some(Boolean), false, 'no rule');
  });

  it('reads in French at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await testPortal(SLUG);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole(`/console/settings/portals/${SLUG}/access`, 'fr');
    await byText(el, 'legend', 'Les clients peuvent voir');
    await byText(el, 'label', 'Incident');
    await byText(el, 'button', 'Enregistrer');
    await waitFor(() => document.documentElement.scrollWidth <= 360, 'the page fits');
    await $(el, 'tp-portal-access');
    await expectAccessible(el);
  });
});
