// Issue 13 in the product as `npm start` starts it: notifications carry a
// Reply-To that leads back to the ticket and the ticket's thread headers, and
// an answer sent from a mail client to the product's SMTP listener shows on
// the ticket the customer has open, live: the customer's own answer and an
// agent's (a public reply).
import nodemailer from 'nodemailer';
import type { Locator } from 'playwright-core';
import { expect, test } from 'vitest';
import { freePort } from '../../../server/src/mail/smtp-test-peer.js';
import type { AdminTicket } from '../harness/api.js';
import { openTicketFromList, openWidgetOnHost, signInWithEmailedCode, unique } from '../harness/actions.js';
import { useJourneys } from '../harness/journeys.js';
import type { ReceivedMail } from '../harness/mailbox.js';

const inboundPort = await freePort();
const world = useJourneys(import.meta.url, {
  env: { INBOUND_SMTP_PORT: String(inboundPort), INBOUND_SMTP_HOST: '127.0.0.1' },
});

const header = (mail: ReceivedMail, name: string) => mail.headers.get(name)?.[0] ?? '';
const replyAddress = (mail: ReceivedMail) => /reply\+[a-z2-7]+@localhost/.exec(header(mail, 'reply-to'))?.[0];

/** Answers `mail` as a mail client does: the new text on top, the email quoted below, in its thread. */
async function answer(mail: ReceivedMail, from: string, text: string): Promise<void> {
  const to = replyAddress(mail);
  if (!to) throw new Error(`no reply address in "${mail.subject}": Reply-To is "${header(mail, 'reply-to')}"`);
  const quoted = mail.text
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
  try {
    const info = await client.sendMail({
      from,
      to,
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.messageId,
      references: [header(mail, 'references'), mail.messageId].filter(Boolean),
      text: `${text}\n\nOn Mon, Jan 12, 2026 at 10:15 AM Support <${to}> wrote:\n${quoted}\n`,
    });
    expect(info.response).toMatch(/^250 /);
  } finally {
    client.close();
  }
}

/** A new ticket of Alice's (its title made unique), open in her widget: the ticket and its conversation. */
async function newTicketOpenAsAlice(title: string): Promise<{ ticket: AdminTicket; conversation: Locator }> {
  const uniqueTitle = unique(title);
  const ticket = await world.admin.createTicket({ requester: 'alice@acme.example', title: uniqueTitle });
  const page = await world.page();
  const panel = await openWidgetOnHost(page, world.product.demoSite);
  await signInWithEmailedCode(panel, world.mailbox, 'alice@acme.example');
  await openTicketFromList(panel, uniqueTitle);
  return { ticket, conversation: panel.getByRole('region', { name: 'Conversation' }) };
}

test("a customer answers an agent's reply from her mail client; the answer shows on the ticket she has open, without the quote", async () => {
  const { ticket, conversation } = await newTicketOpenAsAlice('Scanner sends blank pages');

  const since = world.mailbox.mark();
  const agentText = unique('Please send us a scan of a test page.');
  await world.admin.reply(ticket.id, agentText);
  await conversation.getByText(agentText).waitFor();
  const notification = await world.mailbox.latest('alice@acme.example', {
    since,
    match: (m) => m.text.includes(agentText),
  });
  // Threading: every email of the ticket answers the ticket's thread.
  expect(header(notification, 'in-reply-to')).toBe(`<ticket-${ticket.id}@localhost>`);
  expect(header(notification, 'references')).toBe(`<ticket-${ticket.id}@localhost>`);
  expect(notification.text.split(/\r?\n/)[0]).toBe('##- Please type your reply above this line -##');

  const reply = unique('Attached to my next mail; every page comes out white.');
  await answer(notification, 'Alice Anderson <alice@acme.example>', reply);
  await conversation.getByText(reply).waitFor();
  expect(await conversation.getByText(agentText).count()).toBe(1);
  const stored = await world.admin.ticket(ticket.id);
  expect(stored.messages.map((m) => m.body)).toEqual([agentText, reply]);
});

test("an agent answers the notification of a customer's message by email: a public reply the customer sees at once", async () => {
  const { ticket, conversation } = await newTicketOpenAsAlice('Badge printer out of ribbon');

  const since = world.mailbox.mark();
  const question = unique('Could you order a new ribbon?');
  await conversation.getByLabel('Your message').fill(question);
  await conversation.getByRole('button', { name: 'Send' }).click();
  await conversation.getByText(question).waitFor();
  const toAgent = await world.mailbox.latest('sam@example.com', { since, match: (m) => m.text.includes(question) });
  expect(header(toAgent, 'in-reply-to')).toBe(`<ticket-${ticket.id}@localhost>`);

  const reply = unique('Ordered, it arrives on Thursday.');
  await answer(toAgent, 'Sam <sam@example.com>', reply);
  const shown = conversation.getByText(reply);
  await shown.waitFor();
  const stored = await world.admin.ticket(ticket.id);
  expect(stored.messages.map((m) => m.body)).toEqual([question, reply]);
});
