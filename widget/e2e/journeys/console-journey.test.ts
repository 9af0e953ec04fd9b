// Journey (issue 10): the support console on a fresh install (DEMO=0). The first
// admin signs in on the console; a customer opens a ticket in the widget (the
// full-screen portal on the server's origin); it appears live in the console inbox
// the agent has open, and the agent opens it from there (the emailed console link
// is checked on its own: signed out, it signs in and lands on the ticket); the
// agent replies and adds an internal note; the customer sees the
// reply live and never the note, and gets the reply by email; the agent changes
// status and assignee, and the customer sees it. Each step is a test on the same pages.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { signInWithEmailedCode, unique } from '../harness/actions.js';
import { useJourneys } from '../harness/journeys.js';
import type { ReceivedMail } from '../harness/mailbox.js';

const ADMIN = 'boss@example.com';
const CUSTOMER = 'chloe@client.example';
const world = useJourneys(import.meta.url, { env: { DEMO: '0', ADMIN_EMAIL: ADMIN }, adminSetup: false });

/** The console link an agent's notification carries. */
function consoleLink(mail: ReceivedMail): string {
  const link = /https?:\/\/[^\s<>"]+\/console\/tickets\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no console link in "${mail.subject}":\n${mail.text}`);
  return link;
}

describe('an agent answers a new ticket in the console', () => {
  const title = unique('Cannot export my invoices');
  const reply = unique('Thanks, we are looking into the export now.');
  const note = unique('Export worker crashed at 9:14, see logs.');
  let agent: Page;
  let customer: Page;
  let portal: Locator;
  let link = '';

  test('the first admin signs in on the console of a fresh install', async () => {
    agent = await world.page({ keep: 'file' });
    await agent.goto(`${world.product.api}/console`);
    await signInWithEmailedCode(agent, world.mailbox, ADMIN);
    await agent.getByRole('button', { name: 'Sign out' }).waitFor();

    // A fresh install has no portal, and the settings screens come with issue 11: the
    // admin's console session creates one through the admin API, from the same page.
    const status = await agent.evaluate(async () => {
      const res = await fetch('/api/v1/admin/portals', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ slug: 'help', config: { name: 'Help' } }),
        credentials: 'same-origin',
      });
      return res.status;
    });
    expect(status).toBe(201);

    // The inbox stays open on this page while the customer writes: what follows must reach it live.
    await agent.getByRole('navigation', { name: 'Views' }).waitFor();
    await agent.evaluate(() => Object.assign(window, { e2eSameDocument: true }));
  });

  test('a customer opens a ticket in the widget; it appears live in the open inbox, and the admin is emailed a link to it', async () => {
    customer = await world.page({ keep: 'file' });
    await customer.goto(`${world.product.api}/p/help`);
    await signInWithEmailedCode(customer, world.mailbox, CUSTOMER);
    const since = world.mailbox.mark();
    // The toolbar's button: once her empty list has loaded, it also invites her with a second "New ticket".
    await customer.getByRole('button', { name: 'New ticket' }).first().click();
    await customer.getByLabel('Title').fill(title);
    await customer.getByLabel('Description').fill('The export button spins forever.');
    await customer.getByRole('button', { name: 'Create' }).click();
    await customer.getByRole('heading', { name: title }).waitFor();
    portal = customer.getByRole('region', { name: 'Conversation' });

    const mail = await world.mailbox.latest(ADMIN, { since, subject: new RegExp(title.split(' ').at(-1)!) });
    link = consoleLink(mail);
    expect(new URL(link).pathname).toMatch(/^\/console\/tickets\//);

    // Live, in the inbox the agent has had open since signing in: no reload.
    await agent.getByRole('link').filter({ hasText: title }).waitFor({ timeout: 15_000 });
    expect(await agent.evaluate(() => 'e2eSameDocument' in window)).toBe(true);
  });

  test('signed out, the emailed link signs the agent in on the console and lands on the ticket', async () => {
    const fresh = await world.page();
    await fresh.goto(link);
    await signInWithEmailedCode(fresh, world.mailbox, ADMIN);
    await fresh.getByRole('heading', { name: title }).waitFor();
    expect(new URL(fresh.url()).pathname).toBe(new URL(link).pathname);
  });

  test('the agent opens the ticket from the inbox, replies, and adds an internal note', async () => {
    await agent.getByRole('link').filter({ hasText: title }).click();
    await agent.getByRole('heading', { name: title }).waitFor();
    // The console's own navigation (same document), to the address the email links to.
    expect(new URL(agent.url()).pathname).toBe(new URL(link).pathname);
    expect(await agent.evaluate(() => 'e2eSameDocument' in window)).toBe(true);
    await agent.getByText('The export button spins forever.').waitFor();

    const since = world.mailbox.mark();
    await agent.getByLabel(/^Reply to/).fill(reply);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await agent.getByRole('listitem').filter({ hasText: reply }).waitFor();

    await agent.getByRole('radio', { name: 'Internal note' }).check();
    await agent.getByLabel(/^Internal note \(/).fill(note);
    await agent.getByRole('button', { name: 'Add note' }).click();
    await agent.getByRole('listitem').filter({ hasText: note }).getByText('Internal note').waitFor();

    // The customer has the reply by email, and never the note.
    const mail = await world.mailbox.latest(CUSTOMER, { since, match: (m) => m.text.includes(reply) });
    expect(mail.text).toContain(reply);
    await new Promise((r) => setTimeout(r, 1500));
    expect(world.mailbox.to(CUSTOMER, since).some((m) => m.text.includes(note))).toBe(false);
  });

  test('the customer sees the reply live, without reloading, and never the note', async () => {
    await customer.evaluate(() => Object.assign(window, { e2eSameDocument: true }));
    await portal.getByText(reply).waitFor();
    expect(await customer.evaluate(() => 'e2eSameDocument' in window)).toBe(true);
    expect(await customer.getByText(note).count()).toBe(0);
  });

  test('the agent changes status and assignee; the customer sees both', async () => {
    const property = (name: string) => customer.locator(`dt:text-is("${name}") + dd`);
    expect((await property('Status').textContent())?.trim()).toBe('Open');
    expect((await property('Assignee').textContent())?.trim()).not.toBe('boss');
    await agent.getByLabel('Status').selectOption('in_progress');
    await agent.getByText('Status saved.').waitFor();
    await agent.getByLabel('Assignee').selectOption({ label: 'boss' });
    await agent.getByText('Assignee saved.').waitFor();

    // Live, on the page the customer has open.
    await expect
      .poll(async () => (await property('Status').textContent())?.trim(), { timeout: 15_000 })
      .toBe('In progress');
    await expect.poll(async () => (await property('Assignee').textContent())?.trim(), { timeout: 15_000 }).toBe('boss');
    expect(await customer.evaluate(() => 'e2eSameDocument' in window)).toBe(true);
    expect(await customer.getByText(note).count()).toBe(0);
  });
});
