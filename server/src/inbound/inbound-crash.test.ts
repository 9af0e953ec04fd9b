// Issue 13, "nothing lost": a crash between receiving an email and committing
// its row loses nothing, because the sender never got its 250 and sends again.
// The listener runs in its own process, killed with SIGKILL at that point.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../app-env.js';
import { newId } from '../db/ids.js';
import { defaultPortalConfig } from '../portals/portal-config.js';
import { insertPortal } from '../portals/portals.repository.js';
import { TestClock } from '../testing/test-context.js';
import { openTestDb } from '../testing/test-db.js';
import { insertTicket } from '../tickets/tickets.repository.js';
import { createLocalStorage } from '../uploads/local-storage.js';
import { sweepOrphanUploads } from '../uploads/orphan-sweep.js';
import { createInboundWorker } from './inbound-worker.js';
import { replyAddress, signReplyToken } from './reply-token.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOMAIN = 'in.acme.example';
const secret = new TextEncoder().encode('crash-test-secret-crash-test-secret-0123456789');

let db: Awaited<ReturnType<typeof openTestDb>>;
let uploadDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await openTestDb();
  uploadDir = mkdtempSync(join(tmpdir(), 'tp-inbound-crash-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db.dispose();
  rmSync(uploadDir, { recursive: true, force: true });
});

/** Starts the listener process; resolves with its port and a way to wait for a line of its output. */
async function startListener(crash: boolean) {
  const args = ['--import', 'tsx', 'server/src/testing/inbound-crash-fixture.ts', db.location.url, uploadDir, DOMAIN];
  if (db.location.schema) args.push(db.location.schema);
  // `node --import tsx`, one process, so SIGKILL hits the listener itself.
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, CRASH_BEFORE_COMMIT: crash ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const waitFor = async (pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`listener never printed ${pattern}:\n${output}`);
      await new Promise<void>((done) => {
        waiters.push(done);
        setTimeout(done, 100);
      });
    }
  };
  const port = Number((await waitFor(/LISTENING (\d+)/))[1]);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, port, waitFor, exited };
}

function send(port: number, raw: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  // A killed peer also surfaces as an 'error' event; the rejected sendMail below is what the test checks.
  transport.on('error', () => undefined);
  return transport.sendMail({ envelope: { from: 'alice@acme.example', to: [raw.match(/^To: (.*)$/m)![1]!] }, raw });
}

const storedFiles = () => readdirSync(uploadDir).filter((name) => name !== 'tmp');

describe('a crash between receipt and commit loses nothing', () => {
  it('SIGKILL before the commit: no 250, no row; the retry is stored once and becomes one message', async () => {
    const k = db.kysely;
    const now = new Date().toISOString();
    const typeId = newId();
    await k
      .insertInto('ticket_types')
      .values({ id: typeId, key: 'incident', name: 'Incident', position: 0, created_at: now })
      .execute();
    await insertPortal(k, 'acme', defaultPortalConfig('acme', 'ticket', [typeId]), now);
    const alice = newId();
    await k
      .insertInto('users')
      .values({
        id: alice,
        email: 'alice@acme.example',
        name: 'Alice',
        role: 'customer',
        organization_id: null,
        locale: 'en',
        external_id: null,
        created_at: now,
      })
      .execute();
    const ticket = await insertTicket(k, {
      kind: 'ticket',
      typeId,
      projectId: null,
      title: 'Printer on fire',
      description: '',
      priority: 'medium',
      requesterId: alice,
      organizationId: null,
      private: false,
      custom: {},
      followerIds: [],
      actorId: alice,
      now,
    });
    const to = replyAddress(signReplyToken(secret, { ticketNumber: Number(ticket.number), userId: alice })!, DOMAIN);
    const raw = [
      'From: Alice <alice@acme.example>',
      `To: ${to}`,
      'Subject: Re: Printer on fire',
      `Message-ID: <crash-${Date.now()}@mail.acme.example>`,
      'Date: Mon, 12 Jan 2026 10:00:00 +0000',
      '',
      'It is still smoking.',
      '',
    ].join('\r\n');

    const crashing = await startListener(true);
    const sending = send(crashing.port, raw).then(
      (info) => `answered ${info.response}`,
      (error: unknown) => error,
    );
    await crashing.waitFor(/STORED/);
    crashing.child.kill('SIGKILL');
    await crashing.exited;
    // The sender's server never heard 250: it keeps the message and tries again later.
    expect(await sending).toBeInstanceOf(Error);
    expect(await k.selectFrom('inbound_messages').selectAll().execute()).toEqual([]);
    expect(storedFiles()).toHaveLength(1); // the bytes of the lost attempt, referenced by nothing

    const healthy = await startListener(false);
    expect((await send(healthy.port, raw)).response).toMatch(/^250 /);
    expect((await send(healthy.port, raw)).response).toMatch(/^250 /); // a second retry: duplicate, kept once
    const rows = await k.selectFrom('inbound_messages').selectAll().execute();
    expect(rows).toHaveLength(1);
    healthy.child.kill('SIGTERM');
    await healthy.exited;

    const storage = createLocalStorage(uploadDir);
    await createInboundWorker({
      db: k,
      storage,
      clock: new TestClock(Date.now()),
      secret,
      settings: { ...DEFAULT_SETTINGS, inbound: { domain: DOMAIN, maxMessageBytes: 1024 * 1024, httpToken: null } },
    }).drain();
    const messages = await k
      .selectFrom('messages')
      .select(['body', 'author_id'])
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(messages).toEqual([{ body: 'It is still smoking.', author_id: alice }]);

    // The sweep removes the lost attempt's file and keeps the stored email.
    expect(await sweepOrphanUploads(k, storage, new Date(Date.now() + 60_000))).toEqual({ orphans: 1, partials: 0 });
    expect(storedFiles()).toEqual([rows[0]!.storage_key]);
    // Three listener processes start on tsx: slow on a loaded machine.
  }, 120_000);
});
