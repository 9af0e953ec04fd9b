import { setViewport } from '@web/test-runner-commands';
import { byText, equal, expectAccessible, find, waitFor, world } from '../../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../../test/console.js';
import { dropPortal, portalNow, testPortal } from '../settings-portals/test-portal.js';
import '../../index.js';

const start = location.pathname + location.search;
const SLUG = 'b-views';

describe('settings: views to display', () => {
  afterEach(async () => {
    await dropPortal(SLUG);
    await resetConsole(start);
  });

  it('turns views off, and the side panel off with its views disabled and a note why', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await testPortal(SLUG);
    const el = await mountConsole(`/console/settings/portals/${SLUG}/views`);
    const box = async (text: string) =>
      (await byText<HTMLLabelElement>(el, 'label.check', text)).querySelector('input')!;
    (await box('Followed')).click();
    (await byText<HTMLButtonElement>(el, 'button.primary', 'Save')).click();
    await byText(el, '[role=status]', 'Saved.');
    equal((await portalNow(SLUG)).config.views.followed, false, 'followed off on the server');
    await expectAccessible(el);

    (await box('Show the side panel')).click();
    const fieldset = find<HTMLFieldSetElement>(el, 'fieldset')!;
    await waitFor(() => fieldset.disabled, 'the views are disabled');
    await byText(el, '.warning', 'The side panel is hidden, so these views are not offered.');
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, 'button.primary', 'Save')).click();
    await byText(el, '[role=status]', 'Saved.');
    const views = (await portalNow(SLUG)).config.views;
    equal(views.sidePanel, false, 'panel off');
    equal(views.all, true, 'the views are kept as they were');
  });

  it('reads in French at 360 px', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await testPortal(SLUG);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole(`/console/settings/portals/${SLUG}/views`, 'fr');
    await byText(el, 'label', 'Afficher le panneau latéral');
    await byText(el, 'label', 'Mes fermés');
    await waitFor(() => document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);
  });
});
