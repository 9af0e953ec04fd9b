// CI's check of the production start (a stage of `npm test`, after `npm run build`): runs the
// compiled dist/server.js with plain node on a fresh SQLite file and a free port, waits for
// /readyz to answer 200, checks its log is JSON lines with a request line, then stops it with
// SIGTERM and expects a clean exit. Exits 1 with the server's output on any failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_BUNDLE } from './build.js';

const READY_WITHIN_MS = 30_000;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run npm run build first`);
const dir = mkdtempSync(join(tmpdir(), 'tp-prod-'));
const port = await freePort();
const child = spawn(process.execPath, [SERVER_BUNDLE], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'tickets.db'),
    UPLOAD_DIR: join(dir, 'uploads'),
    SECRET: 'ci-production-start-secret-0123456789',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

function fail(message: string): never {
  console.error(`production start: ${message}\n--- server output ---\n${output}`);
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}

const base = `http://127.0.0.1:${port}`;
const started = Date.now();
let ready: { status: number; body: unknown } | null = null;
while (Date.now() - started < READY_WITHIN_MS) {
  if (child.exitCode !== null) fail(`the server exited with ${child.exitCode} before it was ready`);
  try {
    const res = await fetch(`${base}/readyz`);
    ready = { status: res.status, body: await res.json() };
    if (res.status === 200) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 200));
}
if (ready?.status !== 200)
  fail(`/readyz did not answer 200 within ${READY_WITHIN_MS} ms (last: ${JSON.stringify(ready)})`);
const readyMs = Date.now() - started;
const widget = await fetch(`${base}/widget/tickets-portal.js`);
if (widget.status !== 200) fail(`the widget bundle answered ${widget.status}`);
await widget.arrayBuffer();

child.kill('SIGTERM');
const code = await exited;
if (code !== 0) fail(`SIGTERM ended the server with exit code ${code}`);
const lines = output.trim().split('\n');
const parsed = lines.map((line) => {
  try {
    return JSON.parse(line) as { msg?: string; path?: string; status?: number };
  } catch {
    return fail(`a log line is not JSON: ${line}`);
  }
});
if (
  !parsed.some((entry) => entry.msg === 'request' && entry.path === '/widget/tickets-portal.js' && entry.status === 200)
) {
  fail('no request line for the widget bundle in the log');
}
rmSync(dir, { recursive: true, force: true });
console.log(
  `production start: node ${SERVER_BUNDLE} answered /readyz ${JSON.stringify(ready.body)} after ${readyMs} ms, served the widget, logged ${lines.length} JSON lines and stopped cleanly on SIGTERM`,
);
