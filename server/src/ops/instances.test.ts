import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../app-env.js';
import { mintSession } from '../auth/sessions.js';
import { newId } from '../db/ids.js';
import { enqueueEmail } from '../mail/outbox.js';
import { startSmtpPeer, type SmtpPeer } from '../mail/smtp-test-peer.js';
import { defaultPortalConfig } from '../portals/portal-config.js';
import { insertPortal } from '../portals/portals.repository.js';
import { openTestDb, testDialect } from '../testing/test-db.js';

// Two app processes on one database (PostgreSQL in the PostgreSQL pass, one SQLite file in
// the other), as behind a load balancer: whatever one instance does, the other must honour.

const ROOT = join(import.meta.dirname, '../../..');
const SECRET = 'instances-test-secret-0123456789abcdef';

let db: Awaited<ReturnType<typeof openTestDb>>;
let peer: SmtpPeer;
let uploadDir: string;
const children: ChildProcess[] = [];
let a: string;
let b: string;
let typeId: string;
let customerId: string;

function startInstance(name: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/instance-fixture.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: db.location.url,
      ...(db.location.schema ? { TEST_DB_SCHEMA: db.location.schema } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      SECRET,
      SMTP_URL: peer.url,
      UPLOAD_DIR: uploadDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`instance ${name} did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\d+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        done(`http://127.0.0.1:${ready[1]}`);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`instance ${name} exited with ${code}:\n${output}`));
    });
  });
}

async function session(userId: string, portalId: string): Promise<string> {
  const { token } = await mintSession(db.kysely, new TextEncoder().encode(SECRET), systemClock, {
    userId,
    portalId,
    kind: 'widget',
    ttlSeconds: 3600,
  });
  return token;
}

const json = (token: string | null, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  body: JSON.stringify(body),
});

let portalId: string;

beforeAll(async () => {
  db = await openTestDb();
  peer = await startSmtpPeer();
  uploadDir = mkdtempSync(join(tmpdir(), 'tp-instances-'));
  const now = new Date().toISOString();
  typeId = newId();
  await db.kysely
    .insertInto('ticket_types')
    .values({ id: typeId, key: 'incident', name: 'Incident', position: 0, created_at: now })
    .execute();
  customerId = newId();
  await db.kysely
    .insertInto('users')
    .values({
      id: customerId,
      email: 'cleo@acme.test',
      name: 'Cleo',
      role: 'customer',
      organization_id: null,
      locale: 'en',
      external_id: null,
      created_at: now,
    })
    .execute();
  portalId = (await insertPortal(db.kysely, 'acme', defaultPortalConfig('acme', 'ticket', [typeId]), now)).id;
  [a, b] = await Promise.all([startInstance('A'), startInstance('B')]);
}, 60_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    ),
  );
  await peer.stop();
  await db.dispose();
  rmSync(uploadDir, { recursive: true, force: true });
});

/** Reads server-sent events from `res`, calling `onEvent` for each, until the stream is cancelled. */
function readEvents(res: Response, onEvent: (event: string, data: string) => void): () => Promise<void> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done || !chunk.value) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) onEvent(event, data);
      }
    }
  })();
  return () => reader.cancel();
}

describe(`two instances on one database (${testDialect})`, () => {
  it('a reply posted on one reaches an SSE client of the other', async () => {
    const token = await session(customerId, portalId);
    const created = await fetch(
      `${a}/api/v1/portals/acme/tickets`,
      json(token, { typeId, title: 'Live across instances' }),
    );
    expect(created.status).toBe(201);
    const ticketId = ((await created.json()) as { id: string }).id;

    const stream = await fetch(`${b}/api/v1/portals/acme/events`, {
      headers: { authorization: `Bearer ${await session(customerId, portalId)}` },
    });
    expect(stream.status).toBe(200);
    let arrived: ((at: number) => void) | null = null;
    let ready: () => void = () => {};
    const isReady = new Promise<void>((done) => (ready = done));
    const cancel = readEvents(stream, (event, data) => {
      if (event === 'ready') ready();
      if (event === 'ticket' && (JSON.parse(data) as { type: string }).type === 'message') arrived?.(performance.now());
    });
    await isReady;
    // B's first subscriber opens its LISTEN connection (PostgreSQL): let it settle.
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const seen = new Promise<number>((done, fail) => {
          arrived = done;
          setTimeout(() => fail(new Error(`reply ${i} did not reach the other instance within 5 s`)), 5000).unref();
        });
        const posted = await fetch(
          `${a}/api/v1/portals/acme/tickets/${ticketId}/messages`,
          json(token, { body: `reply ${i}` }),
        );
        // The answer comes after the commit: from here on, the other instance may see it.
        const committed = performance.now();
        expect(posted.status).toBe(201);
        latencies.push((await seen) - committed);
        // Arrivals spread over the poll phase when there is no LISTEN (SQLite).
        await new Promise((r) => setTimeout(r, 137));
      }
    } finally {
      await cancel();
    }
    const sorted = [...latencies].sort((x, y) => x - y);
    const p50 = sorted[Math.floor(sorted.length / 2)]!;
    const p95 = sorted[Math.ceil(sorted.length * 0.95) - 1]!;
    console.log(
      `commit on A → SSE client on B (${testDialect}): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, all: ${latencies.map((l) => l.toFixed(0)).join(' ')}`,
    );
    // PostgreSQL LISTEN/NOTIFY targets 250 ms p95; asserted loosely (a loaded machine), yet below
    // what the once-a-second poll alone gives. A SQLite file shared by two processes has no
    // NOTIFY: there the other instance's timed poll brings it.
    expect(p95).toBeLessThan(testDialect === 'postgres' ? 500 : 2500);
  });

  it('a sign-out on one instance is refused on the other', async () => {
    const token = await session(customerId, portalId);
    const list = (base: string) =>
      fetch(`${base}/api/v1/portals/acme/tickets`, { headers: { authorization: `Bearer ${token}` } });
    expect((await list(a)).status).toBe(200);
    expect((await list(b)).status).toBe(200);
    const out = await fetch(`${a}/api/v1/auth/logout`, json(token, {}));
    expect(out.status).toBeLessThan(300);
    expect((await list(b)).status).toBe(401);
    expect((await list(a)).status).toBe(401);
  });

  it('a sign-in code emailed by one instance signs in on the other', async () => {
    const started = await fetch(
      `${a}/api/v1/auth/email/start`,
      json(null, { portal: 'acme', email: 'cleo@acme.test' }),
    );
    expect(started.status).toBe(202);
    const deadline = Date.now() + 15_000;
    const mail = () => peer.messages.find((m) => m.rcptTo.includes('cleo@acme.test'));
    while (!mail() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const code = /\b(\d{6})\b/.exec(mail()?.text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const verified = await fetch(
      `${b}/api/v1/auth/email/verify`,
      json(null, { portal: 'acme', email: 'cleo@acme.test', code }),
    );
    expect(verified.status).toBe(200);
    const { token } = (await verified.json()) as { token: string };
    expect(
      (await fetch(`${a}/api/v1/portals/acme/tickets`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    // Spent on B, so A refuses it too.
    const again = await fetch(
      `${a}/api/v1/auth/email/verify`,
      json(null, { portal: 'acme', email: 'cleo@acme.test', code }),
    );
    expect(again.status).toBe(400);
  });

  it('one Idempotency-Key sent to both instances at once creates one ticket', async () => {
    const token = await session(customerId, portalId);
    const key = `key-${newId()}`;
    const body = { typeId, title: `Once only ${key}` };
    const answers = await Promise.all(
      [a, b, a, b, a, b].map((base) =>
        fetch(`${base}/api/v1/portals/acme/tickets`, json(token, body, { 'idempotency-key': key })),
      ),
    );
    const outcomes = await Promise.all(
      answers.map(async (res) => ({ status: res.status, body: (await res.json()) as { id?: string } })),
    );
    // Each answer is the ticket (first or replayed), or "still in progress" while the first is open.
    for (const outcome of outcomes) expect([201, 409]).toContain(outcome.status);
    const ids = new Set(outcomes.filter((o) => o.status === 201).map((o) => o.body.id));
    expect(ids.size).toBe(1);
    const stored = await db.kysely.selectFrom('tickets').select('id').where('title', '=', body.title).execute();
    expect(stored.map((r) => r.id)).toEqual([...ids]);
  });

  it('both outbox workers together send each email exactly once', async () => {
    const now = new Date().toISOString();
    const addresses = Array.from({ length: 16 }, (_, i) => `bulk-${i}@outbox.test`);
    const ids = await db.kysely.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (const to of addresses)
        out.push(await enqueueEmail(trx, { to, subject: `Bulk ${to}`, text: 'Hello', html: '<p>Hello</p>' }, now));
      return out;
    });
    // Any change wakes an instance's worker; wake both at once so that they race for the rows.
    await Promise.all([a, b].map((base) => fetch(`${base}/api/v1/auth/email/start`, json(null, {}))));
    const deadline = Date.now() + 20_000;
    const bulk = () => peer.messages.filter((m) => m.rcptTo.some((r) => r.endsWith('@outbox.test')));
    while (bulk().length < addresses.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Give a duplicate the time to show up.
    await new Promise((r) => setTimeout(r, 500));
    const received = bulk();
    expect(received.map((m) => m.rcptTo[0]).sort()).toEqual([...addresses].sort());
    expect(new Set(received.map((m) => m.messageId)).size).toBe(addresses.length);
    const rows = await db.kysely
      .selectFrom('email_outbox')
      .select(['status', 'attempts'])
      .where('id', 'in', ids)
      .execute();
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true);
  });

  it('a rate limit counts requests made to both instances', async () => {
    // Five sign-in emails per address per 15 minutes (DEFAULT_RATE_LIMITS.startPerEmail).
    const statuses: number[] = [];
    for (const base of [a, b, a, b, a, b]) {
      const res = await fetch(
        `${base}/api/v1/auth/email/start`,
        json(null, { portal: 'acme', email: 'limited@acme.test' }),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });
});
