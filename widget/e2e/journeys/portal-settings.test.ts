// Journeys (issue 11): an admin changes a portal's settings on the console's
// screens, and a customer sees the change in the widget on the demo host page:
// the organization rule, an editable detail property, the portal disabled and
// enabled again. The admin acts in the browser only; the admin API sets up
// tickets and reads nothing the screens are meant to show.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openTicketFromList, openWidgetOnHost, signInWithEmailedCode, unique } from '../harness/actions.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url);
const ADMIN = 'admin@example.com';

let console_: Page | undefined;

/** The admin's console page (signed in once for the file), at a portal's settings tab. */
async function adminAt(tab: string): Promise<Page> {
  if (!console_) {
    console_ = await world.page({ keep: 'file' });
    await console_.goto(`${world.product.api}/console/settings/portals/acme/${tab}`);
    await signInWithEmailedCode(console_, world.mailbox, ADMIN);
  } else {
    await console_.goto(`${world.product.api}/console/settings/portals/acme/${tab}`);
  }
  return console_;
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

describe('who sees what', () => {
  test('an admin unchecks "organization": a colleague’s ticket leaves the customer’s list', async () => {
    const title = unique('Bob’s shared printer question');
    await world.admin.createTicket({ requester: 'bob@acme.example', title });

    const customer = await world.page();
    let panel = await openWidgetOnHost(customer, world.product.demoSite);
    await signInWithEmailedCode(panel, world.mailbox, 'alice@acme.example');
    await panel.getByLabel('Search', { exact: true }).fill(title);
    await panel.getByRole('button', { name: new RegExp(`^${title}`) }).waitFor();

    const admin = await adminAt('access');
    const rule = admin.getByRole('checkbox', { name: /others in their organization/ });
    await expect.poll(() => rule.isChecked()).toBe(true);
    await rule.uncheck();
    await save(admin);

    panel = await openWidgetOnHost(customer, world.product.demoSite);
    await panel.getByLabel('Search', { exact: true }).fill(title);
    await panel.getByText('Nothing matches your search.').waitFor();
    expect(await panel.getByRole('button', { name: new RegExp(`^${title}`) }).count()).toBe(0);

    // Checked again, it is back.
    await adminAt('access');
    await rule.check();
    await save(admin);
    panel = await openWidgetOnHost(customer, world.product.demoSite);
    await panel.getByLabel('Search', { exact: true }).fill(title);
    await panel.getByRole('button', { name: new RegExp(`^${title}`) }).waitFor();
  });
});

describe('detail panel', () => {
  test('an admin makes "Due date" editable (adding it first): the customer edits it, and it is kept', async () => {
    const title = unique('Quote for the new laptops');
    await world.admin.createTicket({ requester: 'alice@acme.example', title });

    // Start from a panel without the due date: removed with the X under Actions.
    const admin = await adminAt('properties');
    await admin.getByRole('button', { name: 'Remove Due date' }).click();
    await save(admin);

    const customer = await world.page();
    const panel = await openWidgetOnHost(customer, world.product.demoSite);
    await signInWithEmailedCode(panel, world.mailbox, 'alice@acme.example');
    await openTicketFromList(panel, title);
    expect(await panel.getByText('Due date', { exact: true }).count()).toBe(0);

    await admin.getByLabel('Add another property to the detail panel').selectOption({ label: 'Due date' });
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await admin.getByRole('checkbox', { name: 'Due date editable' }).check();
    await save(admin);

    const again = await openWidgetOnHost(customer, world.product.demoSite);
    await openTicketFromList(again, title);
    const due = again.getByLabel('Due date', { exact: true });
    await due.fill('2027-03-15');
    await again.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();

    // A new visit shows the date she set.
    const later = await world.page();
    const panel2 = await openWidgetOnHost(later, world.product.demoSite);
    await signInWithEmailedCode(panel2, world.mailbox, 'alice@acme.example');
    await openTicketFromList(panel2, title);
    await expect.poll(() => panel2.getByLabel('Due date', { exact: true }).inputValue()).toBe('2027-03-15');
  });
});

describe('portals list', () => {
  test('an admin disables the portal: the widget says it is not available; enabled again, it is back', async () => {
    const admin = await adminAt('access');
    await admin.goto(`${world.product.api}/console/settings/portals`);
    await admin.getByRole('button', { name: /^Disable Acme/ }).click();
    await admin.getByRole('status').filter({ hasText: 'customers no longer see it' }).waitFor();

    const customer = await world.page();
    const panel = await openWidgetOnHost(customer, world.product.demoSite);
    await panel.getByText('This support portal is not available.').waitFor();

    await admin.getByRole('button', { name: /^Enable Acme/ }).click();
    await admin.getByRole('status').filter({ hasText: 'customers can use it again' }).waitFor();
    const back = await openWidgetOnHost(customer, world.product.demoSite);
    await back.getByRole('button', { name: 'Send code' }).waitFor();
  });
});
