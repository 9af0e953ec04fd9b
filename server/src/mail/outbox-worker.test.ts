import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectDb, type Db } from '../db/connect.js';
import type { Portal } from '../portals/portals.repository.js';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { createOutboxWorker, messageIdFor, type OutboxWorkerOptions } from './outbox-worker.js';
import { enqueueEmail } from './outbox.js';
import { freePort, startSmtpPeer, type SmtpPeer } from './smtp-test-peer.js';
import { createSmtpTransport, type MailTransport } from './transport.js';

const PUBLIC_URL = 'https://support.example.com';

let t: TestContext;
let peer: SmtpPeer;
let smtp: MailTransport;
let typeId: string;
let portal: Portal;
let customer: string;
let customerToken: string;
let agentA: string;
let agentB: string;
const transports: MailTransport[] = [];

function worker(transport: MailTransport, extra: Partial<OutboxWorkerOptions> = {}) {
  return createOutboxWorker({
    db: t.db,
    clock: t.clock,
    transport,
    settings: t.deps.settings,
    from: 'Acme Support <support@example.com>',
    random: () => 0.5,
    log: () => undefined,
    ...extra,
  });
}

function smtpTo(url: string): MailTransport {
  const transport = createSmtpTransport(url);
  transports.push(transport);
  return transport;
}

const outbox = () => t.k.selectFrom('email_outbox').selectAll().orderBy('created_at').orderBy('id').execute();
const now = () => t.clock.now().toISOString();

beforeAll(async () => {
  t = await createTestContext({ publicUrl: PUBLIC_URL });
  peer = await startSmtpPeer();
  smtp = smtpTo(peer.url);
  typeId = await t.world.ticketType('incident', 'Incident');
  portal = await t.world.portal('acme', [typeId]);
  customer = await t.world.user({ email: 'carla@customer.example', name: 'Carla' });
  agentA = await t.world.user({ role: 'agent', email: 'agent.a@example.com', name: 'Agent A' });
  agentB = await t.world.user({ role: 'agent', email: 'agent.b@example.com', name: 'Agent B' });
  customerToken = await t.signIn(customer, portal.id);
});

beforeEach(async () => {
  await t.k.deleteFrom('email_outbox').execute();
  peer.messages.length = 0;
});

afterEach(() => {
  t.deps.outbox = undefined;
});

afterAll(async () => {
  for (const transport of transports) transport.close();
  await peer.stop();
  await t.close();
});

describe('outbox worker', () => {
  it('delivers a queued email to the SMTP peer with a Message-ID derived from the row id', async () => {
    const id = await enqueueEmail(
      t.k,
      { to: 'someone@example.org', subject: 'Hello', text: 'Plain body', html: '<p>HTML body</p>' },
      now(),
    );
    expect(await worker(smtp).drain()).toBe(1);

    const [mail] = await peer.waitFor(1);
    expect(mail!.messageId).toBe(`<${id}@support.example.com>`);
    expect(mail!.messageId).toBe(messageIdFor(id, PUBLIC_URL));
    expect(mail!.rcptTo).toEqual(['someone@example.org']);
    expect(mail!.mailFrom).toBe('support@example.com');
    expect(mail!.subject).toBe('Hello');
    expect(mail!.text.trim()).toBe('Plain body');
    expect(mail!.html).toContain('<p>HTML body</p>');

    const [row] = await outbox();
    expect(row).toMatchObject({
      status: 'sent',
      transport: 'smtp',
      attempts: 1,
      message_id: `<${id}@support.example.com>`,
      locked_by: null,
    });
    expect(row!.sent_at).not.toBeNull();
    // Nothing is sent twice.
    expect(await worker(smtp).drain()).toBe(0);
    expect(peer.messages).toHaveLength(1);
  });

  it('sends promptly after a commit when woken by the app (no waiting for the poll)', async () => {
    const w = worker(smtp, { pollIntervalMs: 60_000 });
    t.deps.outbox = w;
    w.start();
    try {
      // start() drains once; wait for that to settle so only the wake can send the new mail.
      await new Promise((done) => setTimeout(done, 50));
      const res = await t.request('POST', '/api/v1/portals/acme/tickets', {
        token: customerToken,
        body: { typeId, title: 'Printer on fire', description: 'Smoke everywhere.' },
      });
      expect(res.status).toBe(201);
      const mails = await peer.waitFor(2, 5_000);
      expect(mails.flatMap((m) => m.rcptTo).sort()).toEqual(['agent.a@example.com', 'agent.b@example.com']);
    } finally {
      await w.stop();
    }
  });

  it('SMTP down, then back: tickets are still 201, then exactly one email per outbox row (SECURITY row 24)', async () => {
    const port = await freePort(); // nothing listens here yet: the server is down
    const w = worker(smtpTo(`smtp://127.0.0.1:${port}`));

    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/v1/portals/acme/tickets', {
        token: customerToken,
        body: { typeId, title: `Outage ${i}`, description: 'Down.' },
      });
      expect(res.status).toBe(201);
    }
    // Each new ticket emails both agents.
    expect(await outbox()).toHaveLength(10);

    expect(await w.drain()).toBe(0);
    const failed = await outbox();
    for (const row of failed) {
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(row.next_attempt_at > now()).toBe(true);
    }

    const back = await startSmtpPeer(port);
    try {
      // Not due yet: backoff holds the rows.
      expect(await w.drain()).toBe(0);
      t.clock.advance(60 * 60_000);
      expect(await w.drain()).toBe(10);
      t.clock.advance(24 * 60 * 60_000);
      expect(await w.drain()).toBe(0);

      const rows = await outbox();
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true);
      expect(back.messages).toHaveLength(rows.length);
      const received = back.messages.map((m) => m.messageId).sort();
      expect(received).toEqual(rows.map((r) => `<${r.id}@support.example.com>`).sort());
      expect(new Set(received).size).toBe(rows.length);
    } finally {
      await back.stop();
    }
  });

  it('backs off exponentially and dead-letters after the last attempt', async () => {
    const port = await freePort();
    const w = worker(smtpTo(`smtp://127.0.0.1:${port}`), { maxAttempts: 3, backoffBaseMs: 60_000 });
    await enqueueEmail(t.k, { to: 'nobody@example.org', subject: 'Doomed', text: 'x', html: 'x' }, now());

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = t.clock.now().getTime();
      expect(await w.drain()).toBe(0);
      const [row] = await outbox();
      expect(row!.attempts).toBe(attempt);
      if (attempt < 3) {
        expect(row!.status).toBe('pending');
        delays.push(Date.parse(row!.next_attempt_at) - before);
        t.clock.advance(10 * 60_000);
      } else {
        expect(row!.status).toBe('dead');
        expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
        expect(row!.locked_by).toBeNull();
      }
    }
    // random() = 0.5 → three quarters of 1 min, then of 2 min (a few ms of clock ticks aside).
    expect(delays[0]).toBeGreaterThanOrEqual(45_000);
    expect(delays[0]).toBeLessThan(46_000);
    expect(delays[1]).toBeGreaterThanOrEqual(90_000);
    expect(delays[1]).toBeLessThan(91_000);

    // A dead row stays dead.
    t.clock.advance(24 * 60 * 60_000);
    expect(await w.drain()).toBe(0);
    expect((await outbox())[0]!.status).toBe('dead');
  });

  it('two workers on two connections never send the same row', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) {
      ids.add(
        await enqueueEmail(t.k, { to: `bulk${i}@example.org`, subject: `Bulk ${i}`, text: 'x', html: 'x' }, now()),
      );
    }
    // SQLite: a second connection to the same file; PostgreSQL: the pool gives each worker its own connections.
    const second: Db = t.db.dialect === 'sqlite' ? await connectDb(t.db.sqlite!.name) : t.db;
    try {
      const one = worker(smtp, { batchSize: 40 });
      const two = createOutboxWorker({
        db: second,
        clock: t.clock,
        transport: smtpTo(peer.url),
        settings: t.deps.settings,
        log: () => undefined,
        batchSize: 40,
      });
      const [a, b] = await Promise.all([one.drain(), two.drain()]);
      expect(a + b).toBe(40);
      await peer.waitFor(40);
      await new Promise((done) => setTimeout(done, 200));
      expect(peer.messages).toHaveLength(40);
      const messageIds = peer.messages.map((m) => m.messageId);
      expect(new Set(messageIds).size).toBe(40);
      expect(new Set(messageIds)).toEqual(new Set([...ids].map((id) => messageIdFor(id, PUBLIC_URL))));
      expect((await outbox()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      if (second !== t.db) await second.close();
    }
  });

  it('retries a row left "sending" by a crashed worker after its lease, with the same Message-ID', async () => {
    const id = await enqueueEmail(t.k, { to: 'crash@example.org', subject: 'Crash test', text: 'x', html: 'x' }, now());
    // This worker puts the mail on the wire, then never records it: as if the process died right there.
    const dying: MailTransport = {
      name: 'smtp',
      send: async (message) => {
        await smtp.send(message);
        await new Promise<never>(() => undefined);
      },
      close: () => undefined,
    };
    void worker(dying, { leaseMs: 120_000 }).drain();
    await peer.waitFor(1);
    const [stuck] = await outbox();
    expect(stuck).toMatchObject({ status: 'sending', attempts: 1 });

    const survivor = worker(smtp, { leaseMs: 120_000 });
    expect(await survivor.drain()).toBe(0); // the lease still holds
    t.clock.advance(121_000);
    expect(await survivor.drain()).toBe(1);

    await peer.waitFor(2);
    // At least once: the duplicate carries the same Message-ID, so clients and servers can drop it.
    expect(peer.messages.map((m) => m.messageId)).toEqual([
      `<${id}@support.example.com>`,
      `<${id}@support.example.com>`,
    ]);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('keeps CR/LF in a ticket title out of the headers: one recipient, no Bcc (SECURITY row 17)', async () => {
    const agent = await t.world.user({ role: 'agent', email: 'solo.agent@example.com', name: 'Solo' });
    const evil = await t.world.user({ name: 'Mallory\r\nBcc: evil2@x', email: 'mallory@customer.example' });
    await t.world.ticket({
      typeId,
      requesterId: evil,
      assigneeId: agent,
      title: 'x\r\nBcc: evil@x',
      description: 'y\r\nBcc: evil3@x',
    });
    // Also straight through enqueueEmail.
    await enqueueEmail(
      t.k,
      { to: 'solo.agent@example.com', subject: 'Hi\r\nBcc: evil4@x\nX-Injected: 1', text: 'x', html: 'x' },
      now(),
    );

    expect(await worker(smtp).drain()).toBe(2);
    const mails = await peer.waitFor(2);
    for (const mail of mails) {
      expect(mail.rcptTo).toEqual(['solo.agent@example.com']);
      expect(mail.headers.has('bcc')).toBe(false);
      expect(mail.headers.has('x-injected')).toBe(false);
      // The text survives as text (in the subject line and the body), never as a header line of its own.
      const headerBlock = mail.raw.split(/\r?\n\r?\n/)[0]!;
      expect(headerBlock).not.toMatch(/^(bcc|x-injected):/im);
      expect(headerBlock.match(/^subject:/gim)).toHaveLength(1);
      expect(mail.headers.get('subject')).toHaveLength(1);
      expect(mail.headers.get('to')).toEqual(['solo.agent@example.com']);
    }
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects[0]).toBe('Hi Bcc: evil4@x X-Injected: 1');
    expect(subjects[1]).toContain('New ticket #');
    expect(subjects[1]).toContain('x Bcc: evil@x');
  });
});
