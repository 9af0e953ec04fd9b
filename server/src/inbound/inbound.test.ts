import { beforeEach, describe, expect, it } from 'vitest';
import type { InboundSettings } from '../app-env.js';
import { createOutboxWorker } from '../mail/outbox-worker.js';
import { createDevTransport } from '../mail/transport.js';
import { createTestContext } from '../testing/test-context.js';
import { useTestContext } from '../testing/use-test-context.js';
import { fixture, type FixtureName } from './fixtures.js';
import { createInboundWorker } from './inbound-worker.js';
import { replyAddress, signReplyToken } from './reply-token.js';

const DOMAIN = 'in.example.test';
const TOKEN = 'inbound-token-inbound-token-inbound-token';
const inbound: InboundSettings = { domain: DOMAIN, maxMessageBytes: 256 * 1024, httpToken: TOKEN };

let ticket: { id: string; number: number };
let counter = 0;

const t = useTestContext(
  async (t) => {
    const typeId = await t.world.ticketType('incident', 'Incident');
    const orgId = await t.world.organization('Acme', 'acme.example');
    const portal = await t.world.portal('acme', [typeId], {
      email: { supportAddresses: ['support@acme.example'], defaultTypeId: null },
    });
    const portalSlug = portal.slug;
    const alice = await t.world.user({ email: 'alice@acme.example', name: 'Alice Martin', organizationId: orgId });
    const bob = await t.world.user({ email: 'bob@acme.example', name: 'Bob Durand', organizationId: orgId });
    const agent = await t.world.user({ email: 'agent@support.example', name: 'Bob Agent', role: 'agent' });
    return { typeId, orgId, portalSlug, alice, bob, agent };
  },
  { inbound, maxUploadBytes: 64 * 1024, rateLimits: { inboundPerSender: { limit: 1000, windowSeconds: 3600 } } },
);

beforeEach(async () => {
  const row = await t.world.ticket({
    typeId: t.typeId,
    requesterId: t.alice,
    assigneeId: t.agent,
    title: 'Printer on fire',
  });
  ticket = { id: row.id, number: Number(row.number) };
});

function addressFor(userId: string, ticketNumber = ticket.number): string {
  return replyAddress(signReplyToken(t.deps.secret, { ticketNumber, userId })!, DOMAIN);
}

function email(name: FixtureName, values: { from: string; to: string; fromName?: string }): Buffer {
  counter += 1;
  return fixture(name, {
    FROM: values.from,
    TO: values.to,
    FROM_NAME: values.fromName ?? 'Dana Lee',
    MESSAGE_ID: `<test-${counter}-${Date.now()}@mail.example>`,
    REFERENCES: `<ticket-${ticket.id}@localhost>`,
  });
}

async function post(raw: Buffer | string, headers: Record<string, string> = {}) {
  const res = await t.app.request('/api/v1/inbound/mime', {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822', ...headers },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  return {
    status: res.status,
    json: (await res.json()) as { id: string; duplicate: boolean; error?: { field?: string } },
  };
}

const worker = () =>
  createInboundWorker({
    db: t.k,
    storage: t.deps.storage,
    clock: t.clock,
    secret: t.deps.secret,
    settings: t.deps.settings,
  });

/** Hands the email over the HTTP endpoint and processes it; returns its inbound row. */
async function deliver(raw: Buffer) {
  const res = await post(raw);
  expect(res.status).toBe(202);
  await worker().drain();
  return t.k.selectFrom('inbound_messages').selectAll().where('id', '=', res.json.id).executeTakeFirstOrThrow();
}

const messagesOf = (ticketId: string) =>
  t.k.selectFrom('messages').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').execute();
const outboxCount = async () =>
  Number(
    (
      await t.k
        .selectFrom('email_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('reply by email', () => {
  it("a customer's Gmail reply becomes their message, quote stripped, and notifies the others", async () => {
    const before = await outboxCount();
    const row = await deliver(email('gmail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) }));
    expect(row.status).toBe('done');
    expect(row.ticket_id).toBe(ticket.id);
    const [message] = await messagesOf(ticket.id);
    expect(message).toMatchObject({ author_id: t.alice, internal: 0, id: row.message_id });
    expect(message!.body).toBe('Thanks, restarting the printer fixed it — no more smoke.\nI will keep an eye on it.');
    const mail = await t.k
      .selectFrom('email_outbox')
      .select(['recipient_user_id', 'payload'])
      .where('kind', '=', 'notification')
      .execute();
    const about = mail.filter((m) => m.payload?.includes(message!.id) || m.payload?.includes(ticket.id));
    expect(await outboxCount()).toBeGreaterThan(before);
    expect(about.map((m) => m.recipient_user_id)).toContain(t.agent);
    expect(about.map((m) => m.recipient_user_id)).not.toContain(t.alice);
    // The customer sees it through the API like any message.
    const token = await t.signIn(t.alice, (await t.k.selectFrom('portals').select('id').executeTakeFirstOrThrow()).id);
    const listed = await t.request('GET', `/api/v1/portals/${t.portalSlug}/tickets/${ticket.id}/messages`, { token });
    expect(listed.json.items.map((m: { body: string }) => m.body)).toContain(message!.body);
  });

  it('an Outlook reply keeps its attachment, stored like an upload and downloadable', async () => {
    await t.world.follow(ticket.id, t.bob);
    const row = await deliver(email('outlook-reply', { from: 'bob@acme.example', to: addressFor(t.bob) }));
    expect(row.status).toBe('done');
    const [message] = await messagesOf(ticket.id);
    expect(message!.body).toBe('Here is the log file you asked for.\n\nRegards,\nBob');
    const files = await t.k.selectFrom('attachments').selectAll().where('message_id', '=', message!.id).execute();
    expect(files.map((f) => [f.filename, f.content_type, f.uploader_id])).toEqual([
      ['printer.log', 'text/plain', t.bob],
    ]);
    const token = await t.signIn(t.agent);
    const res = await t.app.request(`/api/v1/attachments/${files[0]!.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('smoke detected');
  });

  it('an Apple Mail reply loses "Sent from my iPhone" and the quote', async () => {
    const row = await deliver(email('apple-mail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) }));
    expect(row.status).toBe('done');
    expect((await messagesOf(ticket.id)).map((m) => m.body)).toEqual(['Yes, it works now. Merci !']);
  });

  it("an agent's reply is a public reply the customer is told about", async () => {
    const row = await deliver(email('gmail-reply', { from: 'agent@support.example', to: addressFor(t.agent) }));
    expect(row.status).toBe('done');
    const [message] = await messagesOf(ticket.id);
    expect(message).toMatchObject({ author_id: t.agent, internal: 0 });
    const toAlice = await t.k
      .selectFrom('email_outbox')
      .select('payload')
      .where('recipient_user_id', '=', t.alice)
      .where('payload', 'like', `%${ticket.id}%`)
      .execute();
    expect(toAlice.some((m) => m.payload?.includes('agent_reply'))).toBe(true);
  });

  it('auto-replies and bounces are kept as ignored: no message, no mail', async () => {
    const before = await outboxCount();
    const auto = await deliver(email('auto-reply', { from: 'alice@acme.example', to: addressFor(t.alice) }));
    const bounce = await deliver(email('bounce', { from: 'MAILER-DAEMON@mx.example.net', to: addressFor(t.alice) }));
    expect([auto.status, bounce.status]).toEqual(['ignored', 'ignored']);
    expect(auto.reason).toMatch(/Auto-Submitted/);
    expect(bounce.reason).toMatch(/bounce|automatic/);
    expect(await messagesOf(ticket.id)).toEqual([]);
    expect(await outboxCount()).toBe(before);
  });

  it('each of Precedence: bulk, X-Autoreply, a list header and an empty Return-Path marks mail as automatic', async () => {
    for (const header of ['Precedence: bulk', 'X-Autoreply: yes', 'List-Id: <news.acme.example>']) {
      const raw = Buffer.from(
        email('apple-mail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) })
          .toString()
          .replace('\r\n\r\n', `\r\n${header}\r\n\r\n`),
      );
      const row = await deliver(raw);
      expect([header, row.status, row.reason]).toEqual([header, 'ignored', row.reason]);
    }
    // A bounce handed over without an envelope (IMAP, HTTP) shows its empty sender in Return-Path.
    const bounced = Buffer.from(
      email('apple-mail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) })
        .toString()
        .replace(/^Return-Path: .*$/m, 'Return-Path: <>'),
    );
    expect(await deliver(bounced)).toMatchObject({ status: 'ignored', reason: 'bounce (empty Return-Path)' });
    expect(await messagesOf(ticket.id)).toEqual([]);
  });

  it('our own notification coming back (its Message-ID) is ignored', async () => {
    await t.k
      .insertInto('email_outbox')
      .values({
        id: 'own-1',
        to_address: 'alice@acme.example',
        subject: 's',
        text_body: '',
        html_body: '',
        status: 'sent',
        attempts: 1,
        next_attempt_at: '2026-01-01T00:00:00.000Z',
        last_error: null,
        created_at: '2026-01-01T00:00:00.000Z',
        sent_at: null,
        message_id: '<own-1@localhost>',
      })
      .execute();
    const raw = Buffer.from(
      email('apple-mail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) })
        .toString()
        .replace(/^Message-Id: .*$/m, 'Message-Id: <own-1@localhost>'),
    );
    const row = await deliver(raw);
    expect(row).toMatchObject({ status: 'ignored', reason: 'our own email came back' });
  });

  it('a forged token and a wrong sender are dropped without a word to the sender', async () => {
    const before = await outboxCount();
    const real = addressFor(t.alice);
    const forged = real.replace(/reply\+(.)/, (_, c: string) => `reply+${c === 'a' ? 'b' : 'a'}`);
    const a = await deliver(email('gmail-reply', { from: 'alice@acme.example', to: forged }));
    const b = await deliver(email('gmail-reply', { from: 'mallory@evil.example', to: real }));
    // Another person's token, sent from one's own address.
    const c = await deliver(email('gmail-reply', { from: 'bob@acme.example', to: real }));
    expect([a.status, b.status, c.status]).toEqual(['refused', 'refused', 'refused']);
    expect(a.reason).toMatch(/forged/);
    expect(b.reason).toMatch(/not the person/);
    expect(await messagesOf(ticket.id)).toEqual([]);
    expect(await outboxCount()).toBe(before);
  });

  it('a reply from someone who lost access is refused', async () => {
    const carol = await t.world.user({ email: 'carol@acme.example', organizationId: t.orgId });
    await t.world.follow(ticket.id, carol);
    const address = addressFor(carol);
    // She was shared on it, then removed and moved out of the organization.
    await t.k.deleteFrom('ticket_followers').where('user_id', '=', carol).execute();
    await t.k.updateTable('users').set({ organization_id: null }).where('id', '=', carol).execute();
    const row = await deliver(email('gmail-reply', { from: 'carol@acme.example', to: address }));
    expect(row.status).toBe('refused');
    expect(row.reason).toMatch(/can no longer see/);
    expect(await messagesOf(ticket.id)).toEqual([]);
  });

  it('the same message delivered twice makes one message', async () => {
    const raw = email('gmail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) });
    const first = await post(raw);
    const second = await post(raw);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.json).toEqual({ id: first.json.id, duplicate: true });
    // Two workers at once, then again.
    await Promise.all([worker().drain(), worker().drain()]);
    await worker().drain();
    expect(await messagesOf(ticket.id)).toHaveLength(1);
    const stored = await t.k
      .selectFrom('inbound_messages')
      .select('storage_key')
      .where('id', '=', first.json.id)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('past the per-sender limit, mail is kept but makes nothing', async () => {
    const limited = await createTestContext({
      inbound,
      rateLimits: { inboundPerSender: { limit: 2, windowSeconds: 3600 } },
    });
    try {
      const type = await limited.world.ticketType('incident');
      await limited.world.portal('p', [type]);
      const user = await limited.world.user({ email: 'flood@acme.example' });
      const row = await limited.world.ticket({ typeId: type, requesterId: user });
      const to = replyAddress(
        signReplyToken(limited.deps.secret, { ticketNumber: Number(row.number), userId: user })!,
        DOMAIN,
      );
      const statuses: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const raw = fixture('apple-mail-reply', {
          FROM: 'flood@acme.example',
          TO: to,
          MESSAGE_ID: `<flood-${i}@x>`,
          REFERENCES: '<r@x>',
        });
        const res = await limited.app.request('/api/v1/inbound/mime', {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
          body: new Uint8Array(raw),
        });
        const { id } = (await res.json()) as { id: string };
        await createInboundWorker({
          db: limited.k,
          storage: limited.deps.storage,
          clock: limited.clock,
          secret: limited.deps.secret,
          settings: limited.deps.settings,
        }).drain();
        statuses.push(
          (
            await limited.k
              .selectFrom('inbound_messages')
              .select('status')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).status,
        );
      }
      expect(statuses).toEqual(['done', 'done', 'ignored']);
    } finally {
      await limited.close();
    }
  });
});

describe('new ticket by email', () => {
  it("a customer's mail to the support address opens a ticket of the default type, with the confirmation", async () => {
    const row = await deliver(email('new-request', { from: 'bob@acme.example', to: 'support@acme.example' }));
    expect(row.status).toBe('done');
    const created = await t.k
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', row.ticket_id!)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      requester_id: t.bob,
      type_id: t.typeId,
      organization_id: t.orgId,
      title: 'The invoice page shows an error',
      private: 0,
    });
    expect(created.description).toBe('Hello,\n\nWhen I open Invoices I get "Error 500".\nCan you help?');
    const confirmation = await t.k
      .selectFrom('email_outbox')
      .selectAll()
      .where('recipient_user_id', '=', t.bob)
      .where('payload', 'like', '%received%')
      .execute();
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]!.payload).toContain(created.id);
  });

  it('a stranger becomes a customer where the portal allows sign-up', async () => {
    const row = await deliver(
      email('new-request', { from: 'Dana.Lee@Newcomer.example', to: 'Support@Acme.example', fromName: 'Dana Lee' }),
    );
    expect(row.status).toBe('done');
    const user = await t.k
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'dana.lee@newcomer.example')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'customer', name: 'Dana Lee' });
    const created = await t.k
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', row.ticket_id!)
      .executeTakeFirstOrThrow();
    expect(created.requester_id).toBe(user.id);
  });

  it('where sign-up is off, a stranger gets one polite refusal, once', async () => {
    const closed = await createTestContext({ inbound });
    try {
      const type = await closed.world.ticketType('incident');
      await closed.world.portal('closed', [type], {
        selfSignUp: false,
        email: { supportAddresses: ['help@closed.example'], defaultTypeId: null },
      });
      const statuses: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const raw = fixture('new-request', {
          FROM: 'stranger@else.example',
          TO: 'help@closed.example',
          FROM_NAME: 'S',
          MESSAGE_ID: `<s-${i}@x>`,
        });
        const res = await closed.app.request('/api/v1/inbound/mime', {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
          body: new Uint8Array(raw),
        });
        const { id } = (await res.json()) as { id: string };
        await createInboundWorker({
          db: closed.k,
          storage: closed.deps.storage,
          clock: closed.clock,
          secret: closed.deps.secret,
          settings: closed.deps.settings,
        }).drain();
        statuses.push(
          (
            await closed.k
              .selectFrom('inbound_messages')
              .select('status')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).status,
        );
      }
      expect(statuses).toEqual(['refused', 'refused']);
      const mail = await closed.k.selectFrom('email_outbox').selectAll().execute();
      expect(mail.map((m) => m.to_address)).toEqual(['stranger@else.example']);
      expect(mail[0]!.subject).toBe('Re: The invoice page shows an error');
      expect(JSON.parse(mail[0]!.headers!)).toEqual({ inReplyTo: '<s-0@x>', references: ['<s-0@x>'] });
      expect(await closed.k.selectFrom('tickets').selectAll().execute()).toEqual([]);
      expect(await closed.k.selectFrom('users').selectAll().execute()).toEqual([]);
    } finally {
      await closed.close();
    }
  });

  it('the confirmation is rendered for the sender: their request number, the text and the link', async () => {
    const row = await deliver(email('new-request', { from: 'bob@acme.example', to: 'support@acme.example' }));
    await createOutboxWorker({
      db: t.db,
      clock: t.clock,
      transport: createDevTransport(() => undefined),
      settings: t.deps.settings,
    }).drain();
    const created = await t.k
      .selectFrom('tickets')
      .select('number')
      .where('id', '=', row.ticket_id!)
      .executeTakeFirstOrThrow();
    const sent = await t.k
      .selectFrom('email_outbox')
      .selectAll()
      .where('recipient_user_id', '=', t.bob)
      .where('payload', 'like', `%${row.ticket_id}%`)
      .executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');
    expect(sent.subject).toBe(`[acme] We received your request #${created.number}: The invoice page shows an error`);
    expect(sent.text_body).toContain('> When I open Invoices I get "Error 500".');
    expect(sent.text_body).toMatch(/Open the ticket: http:\/\/localhost:3000\/auth\/link\?token=/);
  });

  it('a subject with encoded CR/LF cannot inject headers: the title is one line', async () => {
    const raw = Buffer.from(
      email('new-request', { from: 'bob@acme.example', to: 'support@acme.example' })
        .toString()
        .replace(/^Subject: .*$/m, 'Subject: =?UTF-8?Q?Invoice=0D=0ABcc:_victim@evil.example?='),
    );
    const row = await deliver(raw);
    const created = await t.k
      .selectFrom('tickets')
      .select('title')
      .where('id', '=', row.ticket_id!)
      .executeTakeFirstOrThrow();
    expect(created.title).toBe('Invoice Bcc: victim@evil.example');
  });

  it('an attachment over the upload limit is left out, with a note in the message', async () => {
    const big = Buffer.alloc(80 * 1024, 7)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = [
      'From: Alice <alice@acme.example>',
      `To: ${addressFor(t.alice)}`,
      'Subject: Re: logs',
      `Message-ID: <big-${Date.now()}@mail.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Both files attached.',
      '--b1',
      'Content-Type: application/octet-stream; name="dump.bin"',
      'Content-Disposition: attachment; filename="dump.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      big,
      '--b1',
      'Content-Type: text/plain; name="small.txt"',
      'Content-Disposition: attachment; filename="small.txt"',
      '',
      'small file',
      '--b1--',
      '',
    ].join('\r\n');
    const row = await deliver(Buffer.from(raw));
    expect(row.status).toBe('done');
    const [message] = await messagesOf(ticket.id);
    expect(message!.body).toBe('Both files attached.\n\n[dump.bin was not kept: larger than 65536 bytes]');
    const files = await t.k
      .selectFrom('attachments')
      .select('filename')
      .where('message_id', '=', message!.id)
      .execute();
    expect(files.map((f) => f.filename)).toEqual(['small.txt']);
  });

  it('a type with a required custom field is not opened by email: the email is kept as failed, naming the field, until an admin changes it', async () => {
    const admin = await t.world.user({ role: 'admin' });
    const token = await t.signIn(admin);
    const accessType = await t.world.ticketType('access', 'Access request');
    const badge = await t.request('POST', '/api/v1/admin/custom-fields', {
      token,
      body: { key: 'badge_number', label: 'Badge number', type: 'text', typeIds: [accessType], required: true },
    });
    expect(badge.status).toBe(201);
    await t.world.portal('badges', [accessType], {
      email: { supportAddresses: ['badges@acme.example'], defaultTypeId: null },
    });
    const mailBefore = await outboxCount();
    const row = await deliver(email('new-request', { from: 'bob@acme.example', to: 'badges@acme.example' }));
    expect(row).toMatchObject({ status: 'failed', ticket_id: null });
    expect(row.reason).toBe(
      'type access requires custom.badge_number, which an email cannot fill: set email.defaultTypeId of portal badges to a type without required fields, or make the field optional, then retry',
    );
    expect(await t.k.selectFrom('tickets').select('id').where('type_id', '=', accessType).execute()).toEqual([]);
    expect(await outboxCount()).toBe(mailBefore);

    expect(
      (await t.request('PATCH', `/api/v1/admin/custom-fields/${badge.json.id}`, { token, body: { required: false } }))
        .status,
    ).toBe(200);
    expect((await t.request('POST', `/api/v1/admin/inbound/${row.id}/retry`, { token })).status).toBe(200);
    await worker().drain();
    const after = await t.k
      .selectFrom('inbound_messages')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('done');
    const opened = await t.k
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', after.ticket_id!)
      .executeTakeFirstOrThrow();
    expect([opened.type_id, opened.requester_id]).toEqual([accessType, t.bob]);
  });

  it('mail to an address no portal has is ignored', async () => {
    const row = await deliver(email('new-request', { from: 'bob@acme.example', to: 'sales@acme.example' }));
    expect(row).toMatchObject({ status: 'ignored', ticket_id: null });
  });
});

describe('the raw-MIME endpoint', () => {
  it('needs its token, takes message/rfc822 only, holds the size limit, and names the field', async () => {
    const raw = email('apple-mail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) });
    expect((await post(raw, { authorization: 'Bearer wrong-wrong-wrong-wrong-wrong-wrong' })).status).toBe(401);
    expect((await post(raw, { authorization: '' })).json.error?.field).toBe('authorization');
    const json = await post(raw, { 'content-type': 'application/json' });
    expect([json.status, json.json.error?.field]).toEqual([415, 'content-type']);
    const big = await post(Buffer.concat([raw, Buffer.alloc(inbound.maxMessageBytes, 'a')]));
    expect([big.status, big.json.error?.field]).toEqual([413, 'body']);
    expect(
      await t.k.selectFrom('inbound_messages').selectAll().where('size', '>', inbound.maxMessageBytes).execute(),
    ).toEqual([]);
  });

  it('answers in French when asked in French, naming the field', async () => {
    const raw = email('apple-mail-reply', { from: 'alice@acme.example', to: addressFor(t.alice) });
    const fr = { 'accept-language': 'fr-FR,fr;q=0.9' };
    const messageOf = async (
      res: Promise<{ status: number; json: { error?: { message?: string; field?: string } } }>,
    ) => {
      const { status, json } = await res;
      return [status, json.error?.field, json.error?.message];
    };
    expect(await messageOf(post(raw, { ...fr, authorization: 'Bearer wrong-wrong-wrong-wrong-wrong-wrong' }))).toEqual([
      401,
      'authorization',
      'authorization : un jeton de réception valide est requis.',
    ]);
    expect(await messageOf(post(raw, { ...fr, 'content-type': 'application/json' }))).toEqual([
      415,
      'content-type',
      'content-type : envoyez l’e-mail en message/rfc822.',
    ]);
    const tooBig = await messageOf(post(Buffer.concat([raw, Buffer.alloc(inbound.maxMessageBytes, 'a')]), fr));
    expect(tooBig.slice(0, 2)).toEqual([413, 'body']);
    expect(tooBig[2]).toMatch(/dépasse 262144 octets\.$/);
  });

  it('answers 404 where email in over HTTP is not configured', async () => {
    const off = await createTestContext();
    try {
      const res = await off.app.request('/api/v1/inbound/mime', {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: 'x',
      });
      expect(res.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('admins see what came in', () => {
  it('an email that failed is kept with its reason and can be retried once the cause is fixed', async () => {
    const admin = await t.world.user({ role: 'admin' });
    const token = await t.signIn(admin);
    // A portal with a support address but no type to open tickets of.
    await t.world.portal('empty', [], { email: { supportAddresses: ['empty@acme.example'], defaultTypeId: null } });
    const row = await deliver(email('new-request', { from: 'bob@acme.example', to: 'empty@acme.example' }));
    expect(row).toMatchObject({ status: 'failed', reason: 'portal empty shows no ticket type to open' });
    expect(
      (await t.request('POST', `/api/v1/admin/inbound/${row.id}/retry`, { token: await t.signIn(t.agent) })).status,
    ).toBe(403);
    await t.request('PATCH', '/api/v1/admin/portals/empty', { token, body: { visibleTypeIds: [t.typeId] } });
    const retried = await t.request('POST', `/api/v1/admin/inbound/${row.id}/retry`, { token });
    expect([retried.status, retried.json.status]).toEqual([200, 'pending']);
    await worker().drain();
    const after = await t.k
      .selectFrom('inbound_messages')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('done');
    const again = await t.request('POST', `/api/v1/admin/inbound/${row.id}/retry`, {
      token,
      headers: { 'accept-language': 'fr' },
    });
    expect([again.status, again.json.error.field, again.json.error.message]).toEqual([
      409,
      'status',
      'status : seuls les e-mails en échec sont relancés ; celui-ci est à l’état done.',
    ]);
    const missing = await t.request('GET', '/api/v1/admin/inbound/nope/retry', { token });
    expect(missing.status).toBe(404);
    const unknown = await t.request('POST', '/api/v1/admin/inbound/nope/retry', {
      token,
      headers: { 'accept-language': 'fr' },
    });
    expect([unknown.status, unknown.json.error.message]).toEqual([404, 'Cet e-mail reçu n’existe pas.']);
  });

  it('lists inbound email with status and reason, newest first, filtered by status; agents are refused', async () => {
    const admin = await t.world.user({ role: 'admin' });
    const refused = await deliver(email('gmail-reply', { from: 'mallory@evil.example', to: addressFor(t.alice) }));
    const token = await t.signIn(admin);
    const res = await t.request('GET', '/api/v1/admin/inbound?status=refused&limit=100', { token });
    expect(res.status).toBe(200);
    const item = res.json.items.find((i: { id: string }) => i.id === refused.id);
    expect(item).toMatchObject({ status: 'refused', sender: 'mallory@evil.example', transport: 'http' });
    expect(item.reason).toMatch(/not the person/);
    expect(res.json.items.every((i: { status: string }) => i.status === 'refused')).toBe(true);
    expect((await t.request('GET', '/api/v1/admin/inbound', { token: await t.signIn(t.agent) })).status).toBe(403);
    const doc = await t.request('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/api/v1/admin/inbound', '/api/v1/inbound/mime']),
    );
  });
});
