import { sendKeys, setViewport } from '@web/test-runner-commands';
import { $, assert, byText, equal, expectAccessible, find, type, waitFor, world } from '../../../test/helpers.js';
import { mountConsole, resetConsole, signInConsole } from '../../../test/console.js';
import '../index.js';

const start = location.pathname + location.search;

async function api<T>(path: string): Promise<T> {
  return (await (await fetch(`/api/v1/admin${path}`, { credentials: 'same-origin' })).json()) as T;
}
interface Row {
  id: string;
  name: string;
  email: string;
  role: string;
  organizationId: string | null;
}
const userByEmail = async (email: string) =>
  (await api<{ items: Row[] }>(`/users?q=${encodeURIComponent(email)}`)).items.find((u) => u.email === email);

describe('console people: what admins do', () => {
  afterEach(() => resetConsole(start));

  it('invites an agent by email and lands on their page', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const el = await mountConsole('/console/people');
    (await byText<HTMLButtonElement>(el, 'button', 'Invite someone')).click();
    const actions = await $<HTMLDialogElement>(el, 'tp-people-actions');
    await waitFor(() => actions.shadowRoot?.querySelector('dialog')?.open, 'the dialog is open');
    await byText(el, 'label', 'Portal whose link they get');
    await expectAccessible(el);

    const email = `new.agent.${Date.now()}@support.test`;
    type(await $<HTMLInputElement>(el, 'input#i-email'), email);
    type(await $<HTMLInputElement>(el, 'input#i-name'), 'Nina New');
    type(await $<HTMLSelectElement>(el, 'select#i-role'), 'agent');
    // Staff get the console's link: no portal to choose.
    await waitFor(() => !find(el, 'select#i-portal'), 'no portal for staff');
    (await byText<HTMLButtonElement>(el, 'dialog button', 'Send the invitation')).click();
    await byText(el, 'h2', 'Nina New');
    const row = await userByEmail(email);
    equal(row?.role, 'agent', 'an agent on the server');
    equal(location.pathname, `/console/people/${row!.id}`, 'the address is their page');
  });

  it('says what is wrong with an invitation, in French', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const el = await mountConsole('/console/people', 'fr');
    (await byText<HTMLButtonElement>(el, 'button', 'Inviter quelqu’un')).click();
    // Someone who already has an account: the server's words, in French.
    type(await $<HTMLInputElement>(el, 'input#i-email'), w.emails.alice);
    await $(el, 'select#i-portal option');
    (await byText<HTMLButtonElement>(el, 'dialog button', 'Envoyer l’invitation')).click();
    await byText(el, 'dialog [role=alert]', 'adresse');
    // Escape closes the dialog; nothing was created.
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !find(el, 'dialog[aria-labelledby=dlg-h]'), 'closed');
  });

  it('deactivates someone after saying what it does, and reactivates them', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    const res = await fetch('/api/v1/admin/users', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `leaving.${Date.now()}@example.test`, name: 'Lee Leaving' }),
    });
    const { id } = (await res.json()) as { id: string };
    const el = await mountConsole(`/console/people/${id}`);
    await byText(el, '#access p', 'Can sign in.');
    (await byText<HTMLButtonElement>(el, '#access button', 'Deactivate')).click();
    await byText(el, '.confirm[role=alert]', 'They can no longer sign in');
    await waitFor(() => find(el, '.confirm button.danger')?.matches(':focus'), 'the action has the focus');
    await expectAccessible(el);
    await sendKeys({ press: 'Enter' });
    await byText(el, '#access p', 'Deactivated: cannot sign in. Their tickets stay.');
    await byText(el, 'h2 .role', 'Deactivated');
    const row = await api<{ deactivatedAt: string | null }>(`/users/${id}`);
    assert(row.deactivatedAt, 'deactivated on the server');

    (await byText<HTMLButtonElement>(el, '#access button', 'Reactivate')).click();
    await byText(el, '#access p', 'Can sign in.');
    equal((await api<{ deactivatedAt: string | null }>(`/users/${id}`)).deactivatedAt, null, 'active again');
  });

  it('creates an organization, adds and removes a member, and deletes it after asking', async () => {
    const w = await world();
    await signInConsole(w.emails.admin);
    await setViewport({ width: 360, height: 740 });
    const el = await mountConsole('/console/people');
    (await byText<HTMLButtonElement>(el, 'button', 'New organization')).click();
    const name = `Umbrella ${Date.now()}`;
    type(await $<HTMLInputElement>(el, 'input#o-new-name'), name);
    (await byText<HTMLButtonElement>(el, 'dialog button', 'Create')).click();
    await byText(el, 'h2', name);
    await byText(el, 'p', 'No members');

    // Erin has no organization: she joins this one.
    const search = await $<HTMLInputElement>(el, 'input#pick-q');
    search.focus();
    await sendKeys({ type: 'Erin' });
    (await byText<HTMLButtonElement>(el, 'button', 'Add Erin Empty')).click();
    await byText(el, 'button', 'Remove Erin Empty from the organization');
    const erin = (await userByEmail('empty@example.test'))!;
    assert(erin.organizationId, 'she is a member on the server');
    assert(document.documentElement.scrollWidth <= 360, 'the page fits');
    await expectAccessible(el);

    (await byText<HTMLButtonElement>(el, 'button', 'Remove Erin Empty from the organization')).click();
    await byText(el, 'p', 'No members');
    equal((await userByEmail('empty@example.test'))!.organizationId, null, 'no organization on the server');

    (await byText<HTMLButtonElement>(el, 'button', 'Delete the organization')).click();
    await byText(el, '.confirm[role=alert]', 'Its members and their tickets stay');
    await expectAccessible(el);
    (await byText<HTMLButtonElement>(el, '.confirm button.danger', 'Delete the organization')).click();
    await byText(el, 'h2', 'People');
    equal(location.pathname, '/console/people', 'back on the people list');
    const orgs = await api<{ items: { name: string }[] }>(`/organizations?q=${encodeURIComponent(name)}`);
    equal(orgs.items.length, 0, 'deleted on the server');
  });

  it('lets an agent read an organization without the admin’s tools', async () => {
    const w = await world();
    await signInConsole(w.emails.agent);
    const el = await mountConsole('/console/people');
    await byText(el, 'ul.items a', 'Acme Corp');
    equal(find(el, 'tp-people-actions'), undefined, 'no invitation for agents');
    (await byText<HTMLAnchorElement>(el, 'ul.items a', 'Acme Corp')).click();
    await byText(el, 'ul.items a', 'Bob Stone');
    await byText(el, 'p', 'Only admins change people');
    equal(find(el, 'input#pick-q'), undefined, 'no member search');
    equal(find(el, '.confirm, button.danger'), undefined, 'no deletion');
  });
});
