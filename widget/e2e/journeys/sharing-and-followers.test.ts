// Journeys 5 and 6: a customer shares a ticket by picking a colleague by name
// (contract C1), never seeing anyone outside their organization; a follower is
// emailed when the requester replies.
import { expect, test } from 'vitest';
import { openTicketFromList, openWidgetOnHost, signInWithEmailedCode, unique } from '../harness/actions.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url);

/** Alice's colleagues at Acme Corporation in the demo world (Alice herself is never suggested). */
const ALICE_COLLEAGUES = ['Bob Brown', 'Carol Chen', 'Dave Dubois', 'Erin Evans'];

test('a customer shares a ticket by picking a colleague by name; nobody of another organization is suggested (defect 6)', async () => {
  const title = unique('Shared queue for the finance team');
  const ticket = await world.admin.createTicket({ requester: 'alice@acme.example', title });
  const page = await world.page();
  const panel = await openWidgetOnHost(page, world.product.demoSite);
  await signInWithEmailedCode(panel, world.mailbox, 'alice@acme.example');
  await openTicketFromList(panel, title);

  const share = panel.getByRole('combobox', { name: 'Share with (name or email)' });
  expect(await share.getAttribute('type')).toBe('text');
  // The suggestions' listbox (a <select> on the page has options too, but it is a combobox).
  const suggestions = panel.getByRole('listbox');
  const suggested = async () =>
    (await suggestions.getByRole('option').allTextContents()).map(
      (text) => ALICE_COLLEAGUES.find((name) => text.trim().startsWith(name)) ?? text.trim(),
    );

  // "e" is in every demo address, Globex's and Initech's included: only colleagues may come back.
  await share.fill('e');
  await expect.poll(async () => (await suggested()).sort(), { timeout: 10_000 }).toEqual(ALICE_COLLEAGUES);

  const answer = page.waitForResponse((r) => r.url().includes('/people?') && r.url().includes('q=Frank'));
  await share.fill('Frank');
  await answer;
  expect(await suggested()).toEqual([]);

  await share.fill('Car');
  await suggestions.getByRole('option', { name: /^Carol Chen/ }).click();
  await panel.getByRole('button', { name: 'Add', exact: true }).click();

  await panel.getByRole('listitem').filter({ hasText: 'Carol Chen' }).waitFor();
  const stored = await world.admin.ticket(ticket.id);
  expect(stored.followers.map((f) => f.email)).toContain('carol@acme.example');
});

test('a follower is emailed when the requester replies; the requester is not (defect 5)', async () => {
  const title = unique('Badge reader rejects new cards');
  await world.admin.createTicket({ requester: 'alice@acme.example', title, followers: ['bob@acme.example'] });
  const page = await world.page();
  const panel = await openWidgetOnHost(page, world.product.demoSite);
  await signInWithEmailedCode(panel, world.mailbox, 'alice@acme.example');
  await openTicketFromList(panel, title);

  const since = world.mailbox.mark();
  const body = unique('It happens with every card issued this week.');
  const conversation = panel.getByRole('region', { name: 'Conversation' });
  await conversation.getByLabel('Your message').fill(body);
  await conversation.getByRole('button', { name: 'Send' }).click();
  await conversation.getByText(body).waitFor();

  // The support team hears of it in the same transaction: once their mail is out, so is everyone's.
  await world.mailbox.latest('sam@example.com', { since, subject: new RegExp(title.split(' ').at(-1) ?? title) });
  const toBob = await world.mailbox.latest('bob@acme.example', { since, timeoutMs: 10_000 });
  expect(`${toBob.subject}\n${toBob.text}`).toContain(title);
  expect(world.mailbox.to('alice@acme.example', since)).toEqual([]);
});
