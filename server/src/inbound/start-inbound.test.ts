import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env.js';
import { startServer, type RunningServer } from '../main.js';
import { freePort, startSmtpPeer, type SmtpPeer } from '../mail/smtp-test-peer.js';
import { defaultPortalConfig } from '../portals/portal-config.js';
import { insertPortal } from '../portals/portals.repository.js';
import { openTestDb } from '../testing/test-db.js';

const TOKEN = 'an-inbound-token-of-at-least-32-characters';
let dir: string;
let peer: SmtpPeer;
let server: RunningServer;
let smtpPort: number;
let db: Awaited<ReturnType<typeof openTestDb>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tp-inbound-main-'));
  peer = await startSmtpPeer();
  smtpPort = await freePort();
  db = await openTestDb();
  server = await startServer(
    parseEnv({
      PORT: '0',
      UPLOAD_DIR: join(dir, 'uploads'),
      SECRET: 'a-test-secret-of-at-least-32-characters',
      SMTP_URL: peer.url,
      MAIL_FROM: 'Acme Support <support@acme.example>',
      INBOUND_SMTP_PORT: String(smtpPort),
      INBOUND_HTTP_TOKEN: TOKEN,
      INBOUND_DOMAIN: 'in.acme.example',
    }),
    // The test drops the database itself, after the server stopped using it.
    { db: { ...db, close: async () => undefined } },
  );
  const k = server.deps.db.kysely;
  const types = await k.selectFrom('ticket_types').select('id').orderBy('position').execute();
  await insertPortal(
    k,
    'acme',
    {
      ...defaultPortalConfig(
        'Acme Help',
        'ticket',
        types.map((t) => t.id),
      ),
      email: { supportAddresses: ['support@acme.example'], defaultTypeId: null },
    },
    new Date().toISOString(),
  );
});
afterAll(async () => {
  await server.stop();
  await db.dispose();
  await peer.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sender = () => nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start with email in (INBOUND_SMTP_PORT, INBOUND_HTTP_TOKEN, SMTP_URL)', () => {
  it('mail to the support address opens a ticket, the sender is mailed the confirmation, and replying to it adds to the ticket: all in the background', async () => {
    const k = server.deps.db.kysely;
    await sender().sendMail({
      from: 'Dana Lee <dana@newcomer.example>',
      to: 'support@acme.example',
      subject: 'Invoices show an error',
      text: 'Error 500 on Invoices.',
    });
    const confirmation = await until(async () => peer.messages.find((m) => m.rcptTo.includes('dana@newcomer.example')));
    expect(confirmation.subject).toMatch(/^\[Acme Help\] We received your request #\d+: Invoices show an error$/);
    const replyTo = /reply\+[a-z2-7]{48}@in\.acme\.example/.exec(confirmation.headers.get('reply-to')?.[0] ?? '')?.[0];
    expect(replyTo).toBeDefined();
    const ticket = await k
      .selectFrom('tickets')
      .selectAll()
      .where('title', '=', 'Invoices show an error')
      .executeTakeFirstOrThrow();

    await sender().sendMail({
      from: 'Dana Lee <dana@newcomer.example>',
      to: replyTo!,
      subject: `Re: ${confirmation.subject}`,
      inReplyTo: confirmation.messageId,
      text: `It also happens on Quotes.\n\nOn Mon, 12 Jan 2026 at 10:15, Acme Support <${replyTo}> wrote:\n> ${confirmation.text.split(/\r?\n/).join('\n> ')}\n`,
    });
    const message = await until(async () =>
      k.selectFrom('messages').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirst(),
    );
    expect(message.body).toBe('It also happens on Quotes.');
  });

  it('the HTTP endpoint takes raw MIME with its token', async () => {
    const raw =
      'From: Dana <dana@newcomer.example>\r\nTo: support@acme.example\r\nSubject: Second question\r\nMessage-ID: <http-1@newcomer.example>\r\n\r\nAnd exports?\r\n';
    const res = await fetch(`${server.url}/api/v1/inbound/mime`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(res.status).toBe(202);
    const k = server.deps.db.kysely;
    await until(async () =>
      k.selectFrom('tickets').select('id').where('title', '=', 'Second question').executeTakeFirst(),
    );
  });

  it('a bad setting stops start-up naming the variable', () => {
    expect(() => parseEnv({ INBOUND_HTTP_TOKEN: 'short' })).toThrow(/INBOUND_HTTP_TOKEN/);
    expect(() => parseEnv({ IMAP_URL: 'http://mail.example.com' })).toThrow(/IMAP_URL/);
    expect(() => parseEnv({ INBOUND_DOMAIN: 'not a domain' })).toThrow(/INBOUND_DOMAIN/);
  });
});
