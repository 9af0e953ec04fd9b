// SECURITY.md rows 22 (kill -9 during writes) and 25 (SIGTERM during requests),
// against the real server in its own process on a temp SQLite file. SQLite only:
// these rows are about the embedded file's durability; PostgreSQL's is its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { testDialect } from '../testing/test-db.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SECRET = 'crash-test-secret-crash-test-secret-0123456789';
const run = promisify(execFile);

interface World {
  token: string;
  typeId: string;
  slug: string;
  userId: string;
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function env(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: join(dir, 'tickets.db'),
    UPLOAD_DIR: join(dir, 'uploads'),
    SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: '0',
  };
}

/** A temp directory with the fixture world in its SQLite file. */
async function prepare(): Promise<{ dir: string; world: World }> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-crash-'));
  dirs.push(dir);
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'server/src/testing/crash-fixture.ts', join(dir, 'tickets.db')],
    { cwd: ROOT, env: env(dir) },
  );
  return { dir, world: JSON.parse(stdout.trim().split('\n').pop()!) as World };
}

/** Starts server/src/testing/serve-file.ts on the directory's file and waits for READY. */
function startServerProcess(dir: string): Promise<Running> {
  // `node --import tsx` rather than the tsx CLI: one process, so kill -9 hits the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/serve-file.ts'], {
    cwd: ROOT,
    env: env(dir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        done({ child, url: ready[1]!, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before READY:\n${output}`));
    });
  });
}

/** Polls `done` every 20 ms for up to 20 s. */
async function waitFor(done: () => boolean, what: string): Promise<void> {
  for (const end = Date.now() + 20_000; !done();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Outcome = { status: number; body: string } | { error: string };

/** One HTTP request on its own connection; `hold` lets the caller send the body in two halves. */
function send(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: string,
  hold?: Promise<void>,
): Promise<Outcome> {
  return new Promise((done) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (err) => done({ error: err.message }));
      },
    );
    req.on('error', (err) => done({ error: err.message }));
    if (body === undefined) return void req.end();
    if (!hold) return void req.end(body);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    void hold.then(() => req.end(body.slice(half)));
  });
}

function openFile(dir: string) {
  return new SQLite(join(dir, 'tickets.db'));
}

/** Every ticket is whole: its requester follows it and its `created` event is there. */
function halfWritten(db: SQLite.Database): number {
  const row = db
    .prepare(
      `select count(*) as n from tickets t
       where not exists (select 1 from ticket_followers f where f.ticket_id = t.id and f.user_id = t.requester_id)
          or not exists (select 1 from ticket_events e where e.ticket_id = t.id and e.type = 'created')`,
    )
    .get() as { n: number };
  return row.n;
}

describe.skipIf(testDialect === 'postgres')(
  'SECURITY row 22 (SQLite only: tests the embedded file): kill -9 during 50 concurrent ticket creations',
  () => {
    it('every ticket answered 201 is there after restart; integrity_check is ok', async () => {
      const { dir, world } = await prepare();
      const first = await startServerProcess(dir);
      const path = `/api/v1/portals/${world.slug}/tickets`;

      let answered = 0;
      let killed = false;
      const kill = () => {
        if (!killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      };
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          send(
            first.url,
            'POST',
            path,
            world.token,
            JSON.stringify({ typeId: world.typeId, title: `Crash ${i}`, description: 'x'.repeat(2000) }),
          ).then((o) => {
            // Pull the plug once a few are answered, with the rest still in flight.
            if ('status' in o && ++answered >= 5) kill();
            return o;
          }),
        ),
      );
      kill();
      await first.exited;
      expect(first.child.signalCode).toBe('SIGKILL');

      const created = outcomes.flatMap((o) =>
        'status' in o && o.status === 201 ? [JSON.parse(o.body) as { id: string; number: number }] : [],
      );
      const failed = outcomes.filter((o) => 'error' in o);
      expect(
        outcomes.filter((o) => 'status' in o && o.status !== 201),
        'no answer but 201',
      ).toEqual([]);
      expect(created.length).toBeGreaterThanOrEqual(5);
      expect(failed.length, 'the kill should land while requests are still in flight').toBeGreaterThan(0);

      // Opening the file recovers the WAL, as the restarted server will.
      const db = openFile(dir);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const stored = new Set((db.prepare('select id from tickets').all() as { id: string }[]).map((r) => r.id));
      for (const ticket of created) expect(stored.has(ticket.id), `ticket ${ticket.number} answered 201`).toBe(true);
      const numbers = db.prepare('select count(*) as n, count(distinct number) as d from tickets').get() as {
        n: number;
        d: number;
      };
      expect(numbers.d).toBe(numbers.n);
      expect(halfWritten(db)).toBe(0);
      db.close();

      // The restarted server serves every one of them.
      const second = await startServerProcess(dir);
      for (const ticket of created) {
        const res = await send(second.url, 'GET', `${path}/${ticket.id}`, world.token);
        expect('status' in res && res.status, `ticket ${ticket.number}`).toBe(200);
      }
      const more = await send(
        second.url,
        'POST',
        path,
        world.token,
        JSON.stringify({ typeId: world.typeId, title: 'After restart' }),
      );
      expect('status' in more && more.status).toBe(201);
      expect(new Set([...created.map((c) => c.number), JSON.parse((more as { body: string }).body).number]).size).toBe(
        created.length + 1,
      );
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }, 120_000);
  },
);

describe.skipIf(testDialect === 'postgres')(
  'SECURITY row 25 (SQLite only: tests the embedded file): SIGTERM during requests',
  () => {
    it('in-flight requests finish, new ones are refused, the process exits 0, no half-written rows', async () => {
      const { dir, world } = await prepare();
      const server = await startServerProcess(dir);
      const path = `/api/v1/portals/${world.slug}/tickets`;
      const body = (title: string) => JSON.stringify({ typeId: world.typeId, title, description: 'y'.repeat(4000) });

      // A request whose body is only half sent when SIGTERM arrives.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const slow = send(server.url, 'POST', path, world.token, body('Slow one'), held);
      const burst = Array.from({ length: 20 }, (_, i) =>
        send(server.url, 'POST', path, world.token, body(`Burst ${i}`)),
      );
      await new Promise((r) => setTimeout(r, 300));

      server.child.kill('SIGTERM');
      // However loaded the machine, ask only once the server says it stopped listening.
      await waitFor(() => server.output().includes('STOPPING'), 'the server to stop listening');
      const late = await send(server.url, 'GET', path, world.token);
      expect('error' in late, 'a new connection after SIGTERM is refused').toBe(true);
      expect(server.child.exitCode, 'still running: a request is in flight').toBeNull();

      release();
      const slowOutcome = await slow;
      expect(slowOutcome).toMatchObject({ status: 201 });
      const outcomes = await Promise.all(burst);
      // Each burst request was either answered in full or never accepted; none got a 5xx.
      for (const o of outcomes) if ('status' in o) expect(o.status).toBe(201);
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('STOPPED');

      const db = openFile(dir);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set((db.prepare('select id from tickets').all() as { id: string }[]).map((r) => r.id));
      const answered = [slowOutcome, ...outcomes].flatMap((o) =>
        'status' in o ? [JSON.parse(o.body) as { id: string }] : [],
      );
      for (const ticket of answered) expect(stored.has(ticket.id)).toBe(true);
      expect(stored.size).toBe(answered.length);
      expect(halfWritten(db)).toBe(0);
      db.close();
      // Nothing was uploaded, so nothing may be lying in the upload directory.
      const uploads = join(dir, 'uploads');
      const files = existsSync(uploads)
        ? readdirSync(uploads, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(uploads, f)).isFile())
        : [];
      expect(files).toEqual([]);
    }, 120_000);
  },
);
