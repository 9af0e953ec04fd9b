import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  assert,
  $,
  byText,
  equal,
  expectAccessible,
  find,
  findAll,
  textOf,
  waitFor,
  world,
} from '../../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../../test/console.js';
import '../../index.js';

const start = location.pathname + location.search;

async function portalStatus(slug: string): Promise<number> {
  return (await fetch(`/api/v1/admin/portals/${slug}`, { credentials: 'same-origin' })).status;
}

function row(el: Element, slug: string): HTMLTableRowElement | undefined {
  return findAll<HTMLTableRowElement>(el, 'tbody tr').find((r) => textOf(r).includes(slug));
}

describe('settings: portals list', () => {
  afterEach(() => resetConsole(start));

  it('creates a portal with a suggested slug, disables, enables, deletes it and creates it again', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const el = await mountConsole('/console/settings/portals');
    await byText(el, 'h2', 'Portals');
    await byText(el, 'td a', 'Acme');
    await expectAccessible(el);

    // The slug follows the name (accents dropped) until the admin types one.
    const name = await $<HTMLInputElement>(el, 'input#new-name');
    name.focus();
    await sendKeys({ type: 'Équipe Zoé 2' });
    const slug = await $<HTMLInputElement>(el, 'input#new-slug');
    await waitFor(() => slug.value === 'equipe-zoe-2', `suggested slug, got ${slug.value}`);

    // A slug the server would refuse is caught here, naming the field.
    slug.value = '-bad';
    slug.dispatchEvent(new InputEvent('input'));
    (await byText<HTMLButtonElement>(el, 'button', 'Create portal')).click();
    await byText(el, '[role=alert]', 'Slug: use 1 to 64 characters');
    equal(slug.getAttribute('aria-invalid'), 'true', 'the slug is marked invalid');

    // A slug in use: the server's 409, next to the slug.
    slug.value = 'acme';
    slug.dispatchEvent(new InputEvent('input'));
    (await byText<HTMLButtonElement>(el, 'button', 'Create portal')).click();
    await byText(el, '[role=alert]', 'Slug: another portal has this slug.');

    slug.value = 'zoe-desk';
    slug.dispatchEvent(new InputEvent('input'));
    (await byText<HTMLLabelElement>(el, 'label', 'Tasks portal')).click();
    (await byText<HTMLButtonElement>(el, 'button', 'Create portal')).click();
    await byText(el, '[role=status]', 'Portal Équipe Zoé 2 created.');
    await waitFor(() => row(el, 'zoe-desk'), 'the new row');
    assert(textOf(row(el, 'zoe-desk')!).includes('Tasks portal'), 'a tasks portal');
    equal(await portalStatus('zoe-desk'), 200, 'created on the server');

    // Disable: hidden from customers (the public route answers 404), kept.
    (await byText<HTMLButtonElement>(el, 'button[aria-label="Disable Équipe Zoé 2"]', 'Disable')).click();
    await byText(el, '[role=status]', 'customers no longer see it');
    assert(textOf(row(el, 'zoe-desk')!).includes('Disabled'), 'shown disabled');
    equal((await fetch('/api/v1/portals/zoe-desk')).status, 404, 'customers do not see it');
    (await byText<HTMLButtonElement>(el, 'button[aria-label="Enable Équipe Zoé 2"]', 'Enable')).click();
    await byText(el, '[role=status]', 'customers can use it again');
    equal((await fetch('/api/v1/portals/zoe-desk')).status, 200, 'customers see it again');

    // Delete: the dialog says what goes and what stays; cancel keeps it.
    (await byText<HTMLButtonElement>(el, 'button[aria-label="Delete Équipe Zoé 2"]', 'Delete')).click();
    const dialog = await $<HTMLDialogElement>(el, 'dialog[open]');
    assert(textOf(dialog).includes('Tickets, customers and organizations stay'), 'what stays');
    assert(textOf(dialog).includes('signed out'), 'what goes');
    await expectAccessible(el);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog.open, 'closed');
    equal(await portalStatus('zoe-desk'), 200, 'still there');
    (await byText<HTMLButtonElement>(el, 'button[aria-label="Delete Équipe Zoé 2"]', 'Delete')).click();
    (await byText<HTMLButtonElement>(el, 'dialog button', 'Delete the portal')).click();
    await byText(el, '[role=status]', 'Équipe Zoé 2 deleted.');
    equal(row(el, 'zoe-desk'), undefined, 'gone from the list');
    equal(await portalStatus('zoe-desk'), 404, 'gone from the server');

    // The same slug again.
    name.value = 'Zoé again';
    name.dispatchEvent(new InputEvent('input'));
    slug.value = 'zoe-desk';
    slug.dispatchEvent(new InputEvent('input'));
    (await byText<HTMLButtonElement>(el, 'button', 'Create portal')).click();
    await byText(el, '[role=status]', 'Portal Zoé again created.');
    equal(await portalStatus('zoe-desk'), 200, 'created again');
    await fetch('/api/v1/admin/portals/zoe-desk', { method: 'DELETE', credentials: 'same-origin' });
  });

  it('reads in French at 360 px, the table folded', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole('/console/settings/portals', 'fr');
    await byText(el, 'h2', 'Portails');
    await byText(el, 'button', 'Créer le portail');
    await byText(el, 'td a', 'Acme');
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    equal(find(el, 'thead') !== undefined, true, 'the table is there');
    await expectAccessible(el);
  });
});
