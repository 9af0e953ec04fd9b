// The product as a person starts it: `scripts/start.ts` (what `npm start` runs) in a
// child process, on free ports, with its own empty data directory and real SMTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../server/src/mail/smtp-test-peer.js';

/** The repository root: `npm start` runs from there. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Settings of the product a test may choose; everything else is what `npm start` does by itself. */
export interface ProductOptions {
  /** `smtp://…` of the peer that receives the product's mail. */
  smtpUrl: string;
  /** More environment, e.g. `{DEMO: '0', ADMIN_EMAIL: 'boss@example.com'}`. */
  env?: Record<string, string>;
  /** A data directory kept from an earlier run (a restart); by default a new empty one. */
  dataDir?: string;
}

/** A running product. */
export interface Product {
  /** The server's origin, e.g. `http://localhost:41234` (also its PUBLIC_URL). */
  api: string;
  /** Origin of the demo host website (`DEMO_SITE_PORT`). */
  demoSite: string;
  /** Holds the SQLite file, the generated secret and the uploads. */
  dataDir: string;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves once the process has printed nothing for `ms` (its start-up lines are all out). */
  quiet(ms?: number): Promise<void>;
  /** Stops the process (SIGTERM, then SIGKILL); removes the data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Variables that configure the product: a test's own shell must not leak them in. */
const PRODUCT_VARIABLES = [
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'DATABASE_URL',
  'UPLOAD_DIR',
  'MAX_UPLOAD_BYTES',
  'SECRET',
  'SMTP_URL',
  'MAIL_FROM',
  'ADMIN_EMAIL',
  'DEMO',
  'TRUST_PROXY',
  'DEMO_SITE_PORT',
  'INBOUND_DOMAIN',
  'INBOUND_SMTP_PORT',
  'INBOUND_SMTP_HOST',
  'IMAP_URL',
  'INBOUND_HTTP_TOKEN',
  'INBOUND_MAX_BYTES',
  'TEST_DATABASE_URL',
  'NODE_OPTIONS',
];

/** Children still running, killed if the test process goes away without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const START_TIMEOUT_MS = 90_000;

/** Resolves once `url` answers at all (any status), or rejects when `child` exits first or time runs out. */
async function waitForHttp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the product exited (${child.exitCode ?? child.signalCode}) before ${url} answered:\n${log()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`${url} did not answer within ${START_TIMEOUT_MS / 1000} s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/**
 * Starts `scripts/start.ts` — the start-up code of `npm start` — as a child
 * process with PORT and DEMO_SITE_PORT on free ports, DATABASE_URL and
 * UPLOAD_DIR in a temp directory, and SMTP_URL at the test's SMTP peer.
 * Resolves once the server (and, unless DEMO=0, the demo host site) answers.
 */
export async function startProduct(options: ProductOptions): Promise<Product> {
  const [port, demoPort] = [await freePort(), await freePort()];
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tp-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of PRODUCT_VARIABLES) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    DEMO_SITE_PORT: String(demoPort),
    DATABASE_URL: join(dataDir, 'tickets.db'),
    UPLOAD_DIR: join(dataDir, 'uploads'),
    SMTP_URL: options.smtpUrl,
    ...options.env,
  });

  // `npm start` is `tsx scripts/start.ts`; tsx as a loader keeps it one process to stop.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let log = '';
  let lastOutputAt = Date.now();
  const collect = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    lastOutputAt = Date.now();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit');

  const api = `http://localhost:${port}`;
  const demoSite = `http://localhost:${demoPort}`;
  const stop = async ({ keepData = false } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // It lets in-flight requests finish; a stream a browser left open must not hold the suite.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`${api}/api/v1/openapi.json`, child, () => log);
    if (options.env?.DEMO !== '0') await waitForHttp(`${demoSite}/`, child, () => log);
  } catch (err) {
    await stop({ keepData: options.dataDir !== undefined });
    throw err;
  }

  return {
    api,
    demoSite,
    dataDir,
    output: () => log,
    async quiet(ms = 1000) {
      while (Date.now() - lastOutputAt < ms) await new Promise((r) => setTimeout(r, 100));
    },
    stop,
  };
}
