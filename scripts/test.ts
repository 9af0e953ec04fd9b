// `npm test`: the type check, then every test suite. The server suite runs on
// SQLite, and again on PostgreSQL in a fresh database when TEST_DATABASE_URL
// names a server; the compiled production server (npm run build) must start
// with node and answer /readyz; the end-to-end suite drives the product,
// started as `npm start` starts it, in Chromium. Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

interface Tally {
  passed: number;
  failed: number;
  ok: boolean;
}
const total: Tally = { passed: 0, failed: 0, ok: true };

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) total.ok = false;
  return ok;
}

/** The parts of vitest's JSON report read here. */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

function vitest(label: string, env: NodeJS.ProcessEnv = {}, config = 'server/vitest.config.ts'): void {
  const report = join(tmpdir(), `tp-vitest-${randomBytes(4).toString('hex')}.json`);
  run(
    label,
    'npx',
    ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile=${report}`],
    env,
  );
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
    total.passed += json.numPassedTests;
    total.failed += json.numFailedTests;
    // A file that failed before any test could (a beforeAll, an import) counts once, not as zero.
    total.failed += json.testResults.filter(
      (f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed'),
    ).length;
    rmSync(report, { force: true });
  } catch {
    total.failed += 1;
    total.ok = false;
  }
}

async function withFreshPostgres(url: string, body: (url: string) => void): Promise<void> {
  const name = `tp_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const fresh = new URL(url);
    fresh.pathname = `/${name}`;
    body(fresh.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (run('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])) total.passed += 1;
else total.failed += 1;

// One formatter for the whole repository (.prettierrc.json); `npm run format` applies it.
if (run('format check', 'npx', ['prettier', '--check', '--log-level', 'warn', '.'])) total.passed += 1;
else total.failed += 1;

// The widget and console bundles: built once (the server tests serve them too) and held to their
// budgets as sent with brotli (25,600 bytes for the widget).
if (run('widget build and size budget', 'npx', ['tsx', 'scripts/build-widget.ts', '--check'])) total.passed += 1;
else total.failed += 1;

/**
 * The inbound email tests read a real IMAP mailbox: Debian's Dovecot, which
 * each test starts itself on a free loopback port with a throwaway config
 * (server/src/testing/dovecot.ts). A fresh machine gets the package from apt.
 * The test needs only the binary: the system service must not start on port
 * 143, so the install runs under Debian's policy-rc.d mechanism (exit 101:
 * "do not start services"), added for the install when the machine has none.
 */
function ensureDovecot(): void {
  const path = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
  if (existsSync(path)) return;
  console.log(`Dovecot not found at ${path}: installing dovecot-imapd with apt-get (its service is not started).`);
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy)
    writeFileSync(policy, '#!/bin/sh\n# Written by scripts/test.ts while it installs dovecot-imapd.\nexit 101\n', {
      mode: 0o755,
    });
  try {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'dovecot-imapd'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
}
ensureDovecot();

// Production as deployed: `npm run build` compiles the server to dist/server.js, which must start
// with plain node, answer /readyz and stop cleanly (README "Deploying").
if (
  run('production build', 'npm', ['run', 'build']) &&
  run('production start answers /readyz', 'npx', ['tsx', 'scripts/check-production-start.ts'])
) {
  total.passed += 1;
} else total.failed += 1;

vitest('server tests on SQLite', { TEST_DATABASE_URL: '' });
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  await withFreshPostgres(pgUrl, (url) => vitest('server tests on PostgreSQL', { TEST_DATABASE_URL: url }));
}

/** The widget suite needs Chromium; a fresh machine gets it from apt. */
function ensureChromium(): void {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  console.log(`Chromium not found at ${path}: installing it with apt-get.`);
  spawnSync('apt-get', ['update'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
}

function webTestRunner(label: string): void {
  ensureChromium();
  console.log(`\n== ${label}`);
  const result = spawnSync(
    'npx',
    ['tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      env: { ...process.env, TEST_DATABASE_URL: '' },
    },
  );
  process.stdout.write(result.stdout ?? '');
  const counts = [...(result.stdout ?? '').matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  if (counts) {
    total.passed += Number(counts[1]);
    total.failed += Number(counts[2]);
  } else total.failed += 1;
  if (result.status !== 0) total.ok = false;
}
webTestRunner('widget tests in Chromium');

// Every customer journey of issue 8, as a person does it: the product as `npm start` runs it, real SMTP, Chromium.
ensureChromium();
vitest('end-to-end tests in Chromium', { TEST_DATABASE_URL: '' }, 'widget/e2e/vitest.config.ts');

console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.ok && total.failed === 0 ? 0 : 1);
