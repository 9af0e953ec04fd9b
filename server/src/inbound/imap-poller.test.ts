import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundSettings } from '../app-env.js';
import { startDovecot, type TestDovecot } from '../testing/dovecot.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { createInboundWorker } from './inbound-worker.js';
import type { InboundStoreDeps } from './inbound-store.js';
import { parseImapUrl, startImapPoller } from './imap-poller.js';
import { replyAddress, signReplyToken } from './reply-token.js';

const DOMAIN = 'in.acme.example';
const inbound: InboundSettings = { domain: DOMAIN, maxMessageBytes: 200 * 1024, httpToken: null };

let t: TestContext;
let dovecot: TestDovecot;
let mailbox: ImapFlow;
let typeId: string;
let alice: string;
let n = 0;

beforeAll(async () => {
  [t, dovecot] = await Promise.all([createTestContext({ inbound }), startDovecot()]);
  mailbox = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await mailbox.connect();
  typeId = await t.world.ticketType('incident');
  await t.world.portal('acme', [typeId]);
  alice = await t.world.user({ email: 'alice@acme.example', name: 'Alice' });
});
afterAll(async () => {
  await mailbox.logout();
  await dovecot.stop();
  await t.close();
});

const store = (extra: Partial<InboundStoreDeps> = {}): InboundStoreDeps => ({
  db: t.k,
  storage: t.deps.storage,
  now: () => t.clock.now(),
  maxMessageBytes: inbound.maxMessageBytes,
  ...extra,
});

/** Puts a reply from Alice into the mailbox, as the mail provider delivers it. */
async function deliverReply(ticketNumber: number, text: string): Promise<string> {
  n += 1;
  const messageId = `<imap-${n}-${Date.now()}@mail.acme.example>`;
  const to = replyAddress(signReplyToken(t.deps.secret, { ticketNumber, userId: alice })!, DOMAIN);
  await mailbox.append(
    'INBOX',
    `From: Alice <alice@acme.example>\r\nTo: ${to}\r\nSubject: Re: ticket\r\nMessage-ID: ${messageId}\r\nDate: Mon, 12 Jan 2026 10:00:00 +0000\r\n\r\n${text}\r\n`,
  );
  return messageId;
}

/** How many messages the mailbox holds, and how many of them are unread (STATUS). */
async function mailboxState(): Promise<{ messages: number; unseen: number }> {
  const status = await mailbox.status('INBOX', { messages: true, unseen: true });
  if (!status) throw new Error('STATUS failed');
  return { messages: status.messages ?? -1, unseen: status.unseen ?? -1 };
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const rowCount = async () =>
  Number(
    (
      await t.k
        .selectFrom('inbound_messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('IMAP polling with IDLE, against a real Dovecot', () => {
  it('reads IMAP_URL', () => {
    expect(parseImapUrl('imaps://me%40acme.example:p%40ss@imap.example.com/Support')).toEqual({
      host: 'imap.example.com',
      port: 993,
      secure: true,
      user: 'me@acme.example',
      pass: 'p@ss',
      mailbox: 'Support',
    });
    expect(() => parseImapUrl('http://x')).toThrow(/imap:\/\//);
  });

  it('a message is flagged \\Seen only after its row committed: a failed commit leaves it unread for the next poll', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice });
    await deliverReply(Number(ticket.number), 'First try fails.');
    const broken = startImapPoller(
      store({
        beforeCommit: () => Promise.reject(new Error('disk full')),
      }),
      parseImapUrl(dovecot.url),
      { log: () => undefined },
    );
    await broken.started;
    await broken.stop();
    expect(await mailboxState()).toEqual({ messages: 1, unseen: 1 });
    expect(await rowCount()).toBe(0);

    const healthy = startImapPoller(store(), parseImapUrl(dovecot.url));
    await healthy.started;
    expect(await mailboxState()).toEqual({ messages: 1, unseen: 0 });
    expect(await rowCount()).toBe(1);

    // IDLE: mail arriving while connected is taken without waiting for the poll timer (60 s by default).
    await deliverReply(Number(ticket.number), 'Second one, while idling.');
    await until(async () => (await rowCount()) === 2);
    await until(async () => (await mailboxState()).unseen === 0);
    await healthy.stop();

    await createInboundWorker({
      db: t.k,
      storage: t.deps.storage,
      clock: t.clock,
      secret: t.deps.secret,
      settings: t.deps.settings,
    }).drain();
    const bodies = (
      await t.k.selectFrom('messages').select('body').where('ticket_id', '=', ticket.id).orderBy('created_at').execute()
    ).map((m) => m.body);
    expect(bodies).toEqual(['First try fails.', 'Second one, while idling.']);
  });

  it('a message over the size limit is kept as a failed row with the reason, headers only, and marked read; a re-poll or a retry makes nothing', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice });
    const before = await rowCount();
    const to = replyAddress(
      signReplyToken(t.deps.secret, { ticketNumber: Number(ticket.number), userId: alice })!,
      DOMAIN,
    );
    const messageId = `<big-${Date.now()}@mail.acme.example>`;
    const filler = `${'x'.repeat(998)}\r\n`.repeat(Math.ceil(inbound.maxMessageBytes / 1000) + 10);
    await mailbox.append(
      'INBOX',
      `From: Alice <alice@acme.example>\r\nTo: ${to}\r\nSubject: Re: the whole log\r\nMessage-ID: ${messageId}\r\nDate: Mon, 12 Jan 2026 10:00:00 +0000\r\n\r\nHere it is.\r\n${filler}`,
    );
    const lines: string[] = [];
    const poller = startImapPoller(store(), parseImapUrl(dovecot.url), { log: (line) => lines.push(line) });
    await poller.started;
    await poller.stop();
    expect(await mailboxState()).toMatchObject({ unseen: 0 });
    expect(await rowCount()).toBe(before + 1);
    const row = await t.k
      .selectFrom('inbound_messages')
      .selectAll()
      .where('message_key', '=', messageId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      transport: 'imap',
      status: 'failed',
      sender: 'alice@acme.example',
      subject: 'Re: the whole log',
      ticket_id: null,
    });
    expect(Number(row.size)).toBeGreaterThan(inbound.maxMessageBytes);
    expect(row.reason).toBe(
      `larger than the limit of ${inbound.maxMessageBytes} bytes (${Number(row.size)} bytes): only its headers were kept, so it cannot be processed`,
    );
    expect(lines.join('\n')).toMatch(/larger than 204800 bytes; kept as failed/);
    const kept = await t.deps.storage.read(row.storage_key);
    const text = Buffer.from(await new Response(kept!.stream).arrayBuffer()).toString('utf8');
    expect(text).toContain(`Message-ID: ${messageId}`);
    expect(text).not.toContain('Here it is.');

    // Marked unread again: the next poll finds the row and adds nothing.
    const lock = await mailbox.getMailboxLock('INBOX');
    try {
      await mailbox.messageFlagsRemove('1:*', ['\\Seen']);
    } finally {
      lock.release();
    }
    const again = startImapPoller(store(), parseImapUrl(dovecot.url), { log: () => undefined });
    await again.started;
    await again.stop();
    expect(await rowCount()).toBe(before + 1);

    // An admin's retry processes the headers alone into nothing: the row stays failed, the ticket gets no message.
    await t.k.updateTable('inbound_messages').set({ status: 'pending' }).where('id', '=', row.id).execute();
    await createInboundWorker({
      db: t.k,
      storage: t.deps.storage,
      clock: t.clock,
      secret: t.deps.secret,
      settings: t.deps.settings,
    }).drain();
    const retried = await t.k
      .selectFrom('inbound_messages')
      .select(['status', 'reason'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(retried).toEqual({ status: 'failed', reason: row.reason });
    expect(await t.k.selectFrom('messages').select('id').where('ticket_id', '=', ticket.id).execute()).toEqual([]);
  });

  it('two instances reading the same mailbox, and a re-poll of read mail, never make a message twice', async () => {
    const ticket = await t.world.ticket({ typeId, requesterId: alice });
    const before = await rowCount();
    for (let i = 0; i < 5; i += 1) await deliverReply(Number(ticket.number), `Reply ${i}`);
    const a = startImapPoller(store(), parseImapUrl(dovecot.url));
    const b = startImapPoller(store(), parseImapUrl(dovecot.url));
    await Promise.all([a.started, b.started]);
    await Promise.all([a.stop(), b.stop()]);
    expect(await rowCount()).toBe(before + 5);

    // Someone marks everything unread again: the next poll takes each message again and stores nothing new.
    const lock = await mailbox.getMailboxLock('INBOX');
    try {
      await mailbox.messageFlagsRemove('1:*', ['\\Seen']);
    } finally {
      lock.release();
    }
    const again = startImapPoller(store(), parseImapUrl(dovecot.url));
    await again.started;
    await again.stop();
    expect(await rowCount()).toBe(before + 5);

    await createInboundWorker({
      db: t.k,
      storage: t.deps.storage,
      clock: t.clock,
      secret: t.deps.secret,
      settings: t.deps.settings,
    }).drain();
    const bodies = (
      await t.k.selectFrom('messages').select('body').where('ticket_id', '=', ticket.id).orderBy('body').execute()
    ).map((m) => m.body);
    expect(bodies).toEqual(['Reply 0', 'Reply 1', 'Reply 2', 'Reply 3', 'Reply 4']);
  });
});
