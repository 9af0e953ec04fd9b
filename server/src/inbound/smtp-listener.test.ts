import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundSettings } from '../app-env.js';
import { createOutboxWorker, type OutboxWorker } from '../mail/outbox-worker.js';
import { startSmtpPeer, type SmtpPeer } from '../mail/smtp-test-peer.js';
import { createSmtpTransport, type MailTransport } from '../mail/transport.js';
import { renderNotification } from '../notifications/render.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { insertMessage } from '../tickets/tickets.repository.js';
import { createInboundWorker } from './inbound-worker.js';
import { readReplyToken } from './reply-token.js';
import { startSmtpListener, type SmtpListener } from './smtp-listener.js';
import { acceptsRecipient } from './start-inbound.js';

const DOMAIN = 'in.acme.example';
const inbound: InboundSettings = { domain: DOMAIN, maxMessageBytes: 200 * 1024, httpToken: null };

let t: TestContext;
let peer: SmtpPeer;
let transport: MailTransport;
let outbox: OutboxWorker;
let listener: SmtpListener;
let typeId: string;
let alice: string;
let agent: string;
let org: string;

beforeAll(async () => {
  t = await createTestContext({ inbound, publicUrl: 'https://help.acme.example' });
  peer = await startSmtpPeer();
  transport = createSmtpTransport(peer.url);
  outbox = createOutboxWorker({
    db: t.db,
    clock: t.clock,
    transport,
    settings: t.deps.settings,
    from: 'Acme Support <support@acme.example>',
    renderers: {
      notification: (trx, row, ctx) =>
        renderNotification(trx, row, { ...ctx, replies: { domain: DOMAIN, secret: t.deps.secret } }),
    },
  });
  listener = await startSmtpListener(
    { db: t.k, storage: t.deps.storage, now: () => t.clock.now(), maxMessageBytes: inbound.maxMessageBytes },
    { port: 0, accepts: acceptsRecipient(t.deps, DOMAIN) },
  );
  typeId = await t.world.ticketType('incident', 'Incident');
  org = await t.world.organization('Acme');
  await t.world.portal('acme', [typeId], {
    email: { supportAddresses: ['support@acme.example'], defaultTypeId: null },
  });
  alice = await t.world.user({ email: 'alice@acme.example', name: 'Alice Martin', organizationId: org, locale: 'fr' });
  agent = await t.world.user({ email: 'agent@acme.example', name: 'Bob Agent', role: 'agent' });
});
afterAll(async () => {
  await listener.stop();
  transport.close();
  await peer.stop();
  await t.close();
});

const sender = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });

describe('the SMTP listener, with notifications through a real SMTP peer', () => {
  it('a notification carries Reply-To, threading headers and the marker, and replying to it adds the reply to the ticket', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice, assigneeId: agent, title: 'Imprimante en feu' });
    await t.k.deleteFrom('email_outbox').execute();
    await insertMessage(t.k, {
      ticketId: ticket.id,
      authorId: agent,
      body: 'Avez-vous essayé de la redémarrer ?',
      internal: false,
      now: t.clock.now().toISOString(),
    });
    await outbox.drain();
    const [notification] = await peer.waitFor(1);
    const header = (name: string) => notification!.headers.get(name)?.[0] ?? '';

    // Reply-To names this ticket and Alice, unforgeably.
    const replyTo = /<?(reply\+[a-z2-7]+@in\.acme\.example)>?/.exec(header('reply-to'))?.[1];
    expect(replyTo).toBeDefined();
    expect(readReplyToken(t.deps.secret, replyTo!.slice('reply+'.length).split('@')[0]!)).toEqual({
      ticketNumber: Number(ticket.number),
      userId: alice,
    });
    // One thread per ticket; automatic mail, so responders leave it alone.
    expect(header('in-reply-to')).toBe(`<ticket-${ticket.id}@help.acme.example>`);
    expect(header('references')).toBe(`<ticket-${ticket.id}@help.acme.example>`);
    expect(header('auto-submitted')).toBe('auto-generated');
    // In her language, with the message quoted, the link, the marker, in both parts.
    expect(notification!.text.split(/\r?\n/)[0]).toBe('##- Veuillez écrire votre réponse au-dessus de cette ligne -##');
    expect(notification!.text).toContain('> Avez-vous essayé de la redémarrer ?');
    expect(notification!.text).toMatch(/Ouvrir le ticket: https:\/\/help\.acme\.example\/auth\/link\?token=/);
    expect(notification!.html).toContain('Veuillez écrire votre réponse au-dessus de cette ligne');
    expect(notification!.html).toContain('Avez-vous essayé de la redémarrer ?');

    // Alice answers from her mail client: new text on top, our email quoted below.
    const quoted = notification!.text
      .split(/\r?\n/)
      .map((line) => `> ${line}`)
      .join('\n');
    const info = await sender().sendMail({
      from: 'Alice Martin <alice@acme.example>',
      to: replyTo!,
      subject: `Re: ${notification!.subject}`,
      inReplyTo: notification!.messageId,
      references: [header('references'), notification!.messageId],
      text: `Oui, et elle fume encore.\n\nLe lun. 12 janv. 2026 à 10:15, Acme Support <${replyTo}> a écrit :\n${quoted}\n`,
    });
    // 250 came only after the commit: the row is there the moment the client hears it.
    expect(info.response).toMatch(/^250 /);
    const rows = await t.k.selectFrom('inbound_messages').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ transport: 'smtp', status: 'pending', envelope_from: 'alice@acme.example' });

    await createInboundWorker({
      db: t.k,
      storage: t.deps.storage,
      clock: t.clock,
      secret: t.deps.secret,
      settings: t.deps.settings,
    }).drain();
    const messages = await t.k
      .selectFrom('messages')
      .selectAll()
      .where('ticket_id', '=', ticket.id)
      .orderBy('created_at')
      .execute();
    expect(messages.map((m) => [m.author_id, m.body, m.internal])).toEqual([
      [agent, 'Avez-vous essayé de la redémarrer ?', 0],
      [alice, 'Oui, et elle fume encore.', 0],
    ]);
    // The agent hears of it by email, through the same notification path as the API's messages.
    peer.messages.length = 0;
    await outbox.drain();
    const [toAgent] = await peer.waitFor(1);
    expect(toAgent!.rcptTo).toEqual(['agent@acme.example']);
    expect(toAgent!.text).toContain('Oui, et elle fume encore.');
  });

  it("a follower's notification of a customer's reply carries their own Reply-To and the thread, and their answer lands as theirs", async () => {
    const carol = await t.world.user({ email: 'carol@acme.example', name: 'Carol Chen', organizationId: org });
    const ticket = await t.world.ticket({ typeId, requesterId: alice, assigneeId: agent, title: 'Badge reader down' });
    await t.world.follow(ticket.id, carol);
    await t.k.deleteFrom('email_outbox').execute();
    peer.messages.length = 0;
    // Alice, the requester, writes: every follower but her hears of it (issue 8), the agent too.
    await insertMessage(t.k, {
      ticketId: ticket.id,
      authorId: alice,
      body: 'It beeps but the door stays shut.',
      internal: false,
      now: t.clock.now().toISOString(),
    });
    await outbox.drain();
    const mails = await peer.waitFor(2);
    expect(mails.map((m) => m.rcptTo[0]).sort()).toEqual(['agent@acme.example', 'carol@acme.example']);
    const toCarol = mails.find((m) => m.rcptTo[0] === 'carol@acme.example')!;
    const header = (name: string) => toCarol.headers.get(name)?.[0] ?? '';
    const replyTo = /<?(reply\+[a-z2-7]+@in\.acme\.example)>?/.exec(header('reply-to'))?.[1];
    expect(replyTo).toBeDefined();
    expect(readReplyToken(t.deps.secret, replyTo!.slice('reply+'.length).split('@')[0]!)).toEqual({
      ticketNumber: Number(ticket.number),
      userId: carol,
    });
    expect(header('in-reply-to')).toBe(`<ticket-${ticket.id}@help.acme.example>`);
    expect(header('references')).toBe(`<ticket-${ticket.id}@help.acme.example>`);
    expect(toCarol.text.split(/\r?\n/)[0]).toBe('##- Please type your reply above this line -##');
    expect(toCarol.text).toContain('> It beeps but the door stays shut.');

    const quoted = toCarol.text
      .split(/\r?\n/)
      .map((line) => `> ${line}`)
      .join('\n');
    const info = await sender().sendMail({
      from: 'Carol Chen <carol@acme.example>',
      to: replyTo!,
      subject: `Re: ${toCarol.subject}`,
      inReplyTo: toCarol.messageId,
      references: [header('references'), toCarol.messageId],
      text: `Same on the second floor.\n\nOn Mon, Jan 12, 2026 at 10:15 AM Acme Support <${replyTo}> wrote:\n${quoted}\n`,
    });
    expect(info.response).toMatch(/^250 /);
    await createInboundWorker({
      db: t.k,
      storage: t.deps.storage,
      clock: t.clock,
      secret: t.deps.secret,
      settings: t.deps.settings,
    }).drain();
    const messages = await t.k
      .selectFrom('messages')
      .selectAll()
      .where('ticket_id', '=', ticket.id)
      .orderBy('created_at')
      .execute();
    expect(messages.map((m) => [m.author_id, m.body])).toEqual([
      [alice, 'It beeps but the door stays shut.'],
      [carol, 'Same on the second floor.'],
    ]);
  });

  it('refuses recipients it does not serve (no open relay) and mail over the size limit', async () => {
    await expect(
      sender().sendMail({ from: 'x@else.example', to: 'someone@elsewhere.example', text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      sender().sendMail({
        from: 'x@else.example',
        to: 'support@acme.example',
        text: 'x'.repeat(inbound.maxMessageBytes + 10),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    // The support address is served.
    const info = await sender().sendMail({
      from: 'Alice <alice@acme.example>',
      to: 'support@acme.example',
      subject: 'Hello',
      text: 'A question.',
    });
    expect(info.response).toMatch(/^250 /);
  });
});
