// `npm run bench:api [-- --quick]`: builds a large SQLite database, serves the
// real app on it and measures the customer API with autocannon against a bare
// prepared-statement route, so the numbers say what our own stack costs.
//
//   R  GET /bench/reference?org=<id>          one organization's newest 25 tickets, raw better-sqlite3
//   L  GET /api/v1/portals/bench/tickets      the customer list, all three visibility rules on
//   D  GET /api/v1/portals/bench/tickets/:id  ticket detail
//   C  POST /api/v1/portals/bench/tickets     ticket create
//
// The server runs in a child process so it and autocannon each get a core.
// Flags: --quick (100,000 tickets instead of 1,000,000), --duration <s> (10),
// --keep (leave the temp directory for inspection).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { createApp } from '../server/src/app.js';
import { DEFAULT_SETTINGS, systemClock, type AppDeps } from '../server/src/app-env.js';
import { mintSession } from '../server/src/auth/sessions.js';
import { connectDb } from '../server/src/db/connect.js';
import { SeededRandom } from '../server/src/demo/demo-random.js';
import { defaultPortalConfig } from '../server/src/portals/portal-config.js';
import { insertPortal } from '../server/src/portals/portals.repository.js';
import { ensureDefaultTicketTypes } from '../server/src/tickets/catalog.repository.js';
import { createLocalStorage } from '../server/src/uploads/local-storage.js';

const PORTAL_SLUG = 'bench';
const SAMPLE_CUSTOMERS = 1000;
const CONNECTIONS = 50;

// ---------------------------------------------------------------------------
// Building a database
// ---------------------------------------------------------------------------

/** The shape of a generated world; everything scales from the ticket count. */
export interface WorldSize {
  tickets: number;
  customers: number;
  organizations: number;
  projects: number;
}

function worldSize(tickets: number): WorldSize {
  return {
    tickets,
    customers: Math.max(100, Math.round(tickets / 10)),
    organizations: Math.max(10, Math.round(tickets / 100)),
    projects: Math.max(10, Math.round(tickets / 500)),
  };
}

interface BuiltDb {
  file: string;
  size: WorldSize;
  seconds: number;
  followers: number;
  projectFollowers: number;
}

const TITLE_WORDS = ['Checkout', 'Login', 'Dashboard', 'Invoice', 'Search', 'Export', 'Billing', 'Upload', 'Report', 'Calendar', 'API', 'Settings'];
const TITLE_TAILS = ['fails with an error', 'is slow', 'shows wrong totals', 'needs a new option', 'question', 'does not load', 'times out', 'request'];
const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/**
 * Builds a fresh database at `file` with raw prepared statements inside large
 * transactions. Secondary indexes are dropped for the load and rebuilt after
 * (sorting once beats a million random B-tree inserts).
 */
async function buildDatabase(file: string, tickets: number): Promise<BuiltDb> {
  const started = performance.now();
  const size = worldSize(tickets);
  const rnd = new SeededRandom(tickets);
  const db = await connectDb(file);
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  await ensureDefaultTicketTypes(db.kysely, now);
  const types = await db.kysely.selectFrom('ticket_types').select(['id', 'key']).orderBy('position').execute();
  const taskTypeId = randomUUID();
  await db.kysely.insertInto('ticket_types').values({ id: taskTypeId, key: 'task', name: 'Task', position: types.length, created_at: now }).execute();
  const ticketTypeIds = types.map((t) => t.id);

  const s = db.sqlite;
  if (!s) throw new Error('the benchmark needs SQLite');
  // Bulk-load settings: nothing here needs to survive a crash, the file is thrown away.
  s.pragma('journal_mode = OFF');
  s.pragma('synchronous = OFF');
  s.pragma('foreign_keys = OFF');
  s.pragma('cache_size = -1000000');
  s.pragma('temp_store = MEMORY');

  const bulkTables = ['organizations', 'users', 'projects', 'project_followers', 'tickets', 'ticket_followers'];
  const indexes = s
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${bulkTables.map(() => '?').join(',')})`,
    )
    .all(...bulkTables) as { name: string; sql: string }[];
  for (const index of indexes) s.exec(`drop index "${index.name}"`);

  // Organizations, then customers: most customers belong to one, a few big organizations hold many.
  const orgIds: string[] = [];
  const orgMembers: number[][] = [];
  const insertOrg = s.prepare('insert into organizations (id, name, domain, created_at) values (?, ?, ?, ?)');
  const insertUser = s.prepare(
    'insert into users (id, email, name, role, organization_id, locale, external_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const customerIds: string[] = [];
  const customerOrg: (number | null)[] = [];
  s.transaction(() => {
    for (let o = 0; o < size.organizations; o += 1) {
      const id = randomUUID();
      orgIds.push(id);
      orgMembers.push([]);
      insertOrg.run(id, `Organization ${o}`, `org${o}.example`, now);
    }
    for (let a = 0; a < 5; a += 1) {
      insertUser.run(randomUUID(), `agent${a}@support.example`, `Agent ${a}`, a === 0 ? 'admin' : 'agent', null, 'en', null, now);
    }
    for (let c = 0; c < size.customers; c += 1) {
      const id = randomUUID();
      // A skewed pick: organization 0 gets ~5% of customers, most get a handful.
      const org = rnd.chance(0.9) ? Math.floor(size.organizations * rnd.next() ** 3) : null;
      customerIds.push(id);
      customerOrg.push(org);
      if (org !== null) orgMembers[org]!.push(c);
      insertUser.run(id, `customer${c}@${org === null ? 'mail' : `org${org}`}.example`, `Customer ${c}`, 'customer', org === null ? null : orgIds[org]!, 'en', null, now);
    }
  })();

  // Projects, each followed by a few customers and organizations.
  const projectIds: string[] = [];
  let projectFollowers = 0;
  const insertProject = s.prepare('insert into projects (id, name, created_at) values (?, ?, ?)');
  const insertProjectFollower = s.prepare(
    'insert into project_followers (id, project_id, user_id, organization_id, created_at) values (?, ?, ?, ?, ?)',
  );
  s.transaction(() => {
    for (let p = 0; p < size.projects; p += 1) {
      const id = randomUUID();
      projectIds.push(id);
      insertProject.run(id, `Project ${p}`, now);
      // Distinct picks: the unique indexes are not there yet to refuse a repeat.
      const users = new Set(Array.from({ length: rnd.int(0, 3) }, () => rnd.pick(customerIds)));
      const orgs = new Set(Array.from({ length: rnd.int(0, 2) }, () => rnd.pick(orgIds)));
      for (const user of users) insertProjectFollower.run(randomUUID(), id, user, null, now);
      for (const org of orgs) insertProjectFollower.run(randomUUID(), id, null, org, now);
      projectFollowers += users.size + orgs.size;
    }
  })();

  // Tickets over the last three years, numbered in creation order, each
  // followed by its requester and about a third by someone else too.
  const insertTicket = s.prepare(
    `insert into tickets (id, number, kind, type_id, project_id, title, description, status, priority, requester_id,
       organization_id, assignee_id, private, percent_complete, due_date, custom, created_at, updated_at, closed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFollower = s.prepare('insert or ignore into ticket_followers (ticket_id, user_id, created_at) values (?, ?, ?)');
  const span = 3 * 365 * 24 * 3600 * 1000;
  const step = span / size.tickets;
  let followers = 0;
  const batch = 100_000;
  for (let start = 0; start < size.tickets; start += batch) {
    s.transaction(() => {
      for (let i = start; i < Math.min(start + batch, size.tickets); i += 1) {
        const id = randomUUID();
        const c = rnd.int(0, size.customers - 1);
        const org = customerOrg[c] ?? null;
        const createdMs = nowMs - span + i * step + rnd.next() * step * 0.9;
        const created = new Date(createdMs).toISOString();
        const updated = new Date(Math.min(nowMs, createdMs + rnd.int(0, 20 * 24 * 3600) * 1000)).toISOString();
        const isTask = rnd.chance(0.15);
        const status = STATUSES[rnd.int(0, 4)]!;
        const closed = status === 'resolved' || status === 'closed';
        insertTicket.run(
          id,
          i + 1,
          isTask ? 'task' : 'ticket',
          isTask ? taskTypeId : ticketTypeIds[rnd.int(0, ticketTypeIds.length - 1)]!,
          rnd.chance(0.2) ? rnd.pick(projectIds) : null,
          `${rnd.pick(TITLE_WORDS)} ${rnd.pick(TITLE_TAILS)} #${i + 1}`,
          'Steps to reproduce: open the page, click the button, wait. Expected it to work; it did not.',
          status,
          PRIORITIES[rnd.int(0, 3)]!,
          customerIds[c]!,
          org === null ? null : orgIds[org]!,
          null,
          rnd.chance(0.05) ? 1 : 0,
          null,
          null,
          '{}',
          created,
          updated,
          closed ? updated : null,
        );
        insertFollower.run(id, customerIds[c]!, created);
        followers += 1;
        if (rnd.chance(0.3)) {
          const members = org === null ? null : orgMembers[org]!;
          const other = members && members.length > 1 && rnd.chance(0.7) ? rnd.pick(members) : rnd.int(0, size.customers - 1);
          if (other !== c) {
            insertFollower.run(id, customerIds[other]!, created);
            followers += 1;
          }
        }
      }
    })();
  }
  s.prepare(`insert into counters (name, value) values ('ticket_number', ?)`).run(size.tickets);

  for (const index of indexes) s.exec(index.sql);
  s.pragma('journal_mode = WAL');

  await insertPortal(db.kysely, PORTAL_SLUG, defaultPortalConfig('Bench', 'ticket', ticketTypeIds), now);
  await db.close();
  return { file, size, seconds: (performance.now() - started) / 1000, followers, projectFollowers };
}

// ---------------------------------------------------------------------------
// The server, in a child process
// ---------------------------------------------------------------------------

/** Child mode: serve the app plus the reference route on `file`, report the port to the parent. */
async function serveChild(file: string, secretHex: string, uploadDir: string): Promise<void> {
  const db = await connectDb(file);
  const deps: AppDeps = {
    db,
    clock: systemClock,
    storage: createLocalStorage(uploadDir),
    secret: Buffer.from(secretHex, 'hex'),
    settings: DEFAULT_SETTINGS,
  };
  const app = createApp(deps);
  const newest = db.sqlite!.prepare(
    `select id, number, title, status, priority, private, type_id, created_at, updated_at
       from tickets where organization_id = ? order by created_at desc limit 25`,
  );
  // The yardstick: the same HTTP stack, no auth, no validation, one prepared statement.
  app.get('/bench/reference', (c) => c.json({ items: newest.all(c.req.query('org') ?? '') }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.send?.({ port: info.port });
  });
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message === 'stop') server.close(() => void db.close().then(() => process.exit(0)));
  });
}

interface Server {
  child: ChildProcess;
  url: string;
}

async function startChild(file: string, secret: Uint8Array, uploadDir: string): Promise<Server> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', file, Buffer.from(secret).toString('hex'), uploadDir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** CPU time the server process has used so far, in microseconds. */
async function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const { user, system } = (m as { cpu: NodeJS.CpuUsage }).cpu;
      resolve(user + system);
    });
    child.send('cpu');
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

// ---------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------

interface Target {
  token: string;
  orgId: string | null;
  ticketId: string | null;
}

/** Mints portal sessions for a seeded sample of customers and finds one visible ticket each. */
async function prepareTargets(file: string, secret: Uint8Array): Promise<{ targets: Target[]; typeId: string }> {
  const db = await connectDb(file);
  const portal = await db.kysely.selectFrom('portals').select(['id', 'config']).where('slug', '=', PORTAL_SLUG).executeTakeFirstOrThrow();
  const typeIds = (JSON.parse(portal.config) as { visibleTypeIds: string[] }).visibleTypeIds;
  const customers = db.sqlite!.prepare(`select id, organization_id from users where role = 'customer' order by id`).all() as {
    id: string;
    organization_id: string | null;
  }[];
  const own = db.sqlite!.prepare(
    `select id from tickets where requester_id = ? and kind = 'ticket' order by created_at desc limit 1`,
  );
  const rnd = new SeededRandom(7);
  const sample = Array.from({ length: Math.min(SAMPLE_CUSTOMERS, customers.length) }, () => rnd.pick(customers));
  const targets = await db.kysely.transaction().execute(async (trx) => {
    const out: Target[] = [];
    for (const c of sample) {
      const { token } = await mintSession(trx, secret, systemClock, { userId: c.id, kind: 'widget', portalId: portal.id, ttlSeconds: 3600 });
      const ticket = own.get(c.id) as { id: string } | undefined;
      out.push({ token, orgId: c.organization_id, ticketId: ticket?.id ?? null });
    }
    return out;
  });
  await db.close();
  return { targets, typeId: typeIds[0]! };
}

interface Measurement {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Server CPU time per answered request, in ms: what the route costs, whatever the load generator takes. */
  cpuMs: number;
}

type RequestOf = (i: number) => { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };

/** Runs autocannon with 50 connections, each request taken in turn from `requestOf`; latencies from every 2xx. */
async function measure(label: string, server: Server, seconds: number, requestOf: RequestOf): Promise<Measurement> {
  const { url } = server;
  const cpuBefore = await serverCpu(server.child);
  let i = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => {
              const next = requestOf(i++);
              return { ...req, ...next, headers: { ...next.headers } };
            },
          },
        ],
      },
      (err, done) => (err ? reject(err) : resolve(done)),
    );
    // autocannon's own histogram has 1 ms steps; these exact times make the growth ratio meaningful.
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const cpuMs = (await serverCpu(server.child)) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    label,
    rps: latencies.length / result.duration,
    p50: at(0.5),
    p99: at(0.99),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMs: cpuMs / 1000 / Math.max(1, result.requests.total),
  };
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function listRequest(targets: Target[]): RequestOf {
  return (i) => ({ method: 'GET', path: `/api/v1/portals/${PORTAL_SLUG}/tickets`, headers: bearer(targets[i % targets.length]!.token) });
}

function fmt(m: Measurement): string {
  const bad = m.non2xx + m.errors > 0 ? `  (${m.non2xx} non-2xx, ${m.errors} timeouts/errors)` : '';
  return `${m.label.padEnd(30)} ${m.rps.toFixed(0).padStart(7)} req/s   p50 ${m.p50.toFixed(2).padStart(6)} ms   p99 ${m.p99.toFixed(2).padStart(6)} ms   server CPU ${m.cpuMs.toFixed(3)} ms/request${bad}`;
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') {
    await serveChild(args[1]!, args[2]!, args[3]!);
    return;
  }
  const quick = args.includes('--quick');
  const keep = args.includes('--keep');
  const durationArg = args.indexOf('--duration');
  const seconds = durationArg >= 0 ? Number(args[durationArg + 1]) : 10;
  const bigCount = quick ? 100_000 : 1_000_000;
  const smallCount = 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-'));
  const secret = randomBytes(32);
  let failed = false;

  try {
    console.log(`Building ${bigCount.toLocaleString('en')} tickets in ${dir} …`);
    const big = await buildDatabase(join(dir, 'big.db'), bigCount);
    console.log(
      `built ${big.size.tickets.toLocaleString('en')} tickets, ${big.followers.toLocaleString('en')} ticket follows, ` +
        `${big.size.customers.toLocaleString('en')} customers, ${big.size.organizations.toLocaleString('en')} organizations, ` +
        `${big.size.projects.toLocaleString('en')} projects (${big.projectFollowers.toLocaleString('en')} project follows) in ${big.seconds.toFixed(1)} s`,
    );
    const small = await buildDatabase(join(dir, 'small.db'), smallCount);
    console.log(`built ${small.size.tickets.toLocaleString('en')} tickets in ${small.seconds.toFixed(1)} s`);

    // Small database first: L only, for the growth figure.
    const smallTargets = await prepareTargets(small.file, secret);
    const smallServer = await startChild(small.file, secret, join(dir, 'uploads-small'));
    await measure('warm-up', smallServer, 2, listRequest(smallTargets.targets));
    const smallL = await measure(`L list @ ${smallCount.toLocaleString('en')}`, smallServer, seconds, listRequest(smallTargets.targets));
    await stopChild(smallServer.child);

    const { targets, typeId } = await prepareTargets(big.file, secret);
    const withOrg = targets.filter((t) => t.orgId !== null);
    const withTicket = targets.filter((t) => t.ticketId !== null);
    const server = await startChild(big.file, secret, join(dir, 'uploads-big'));
    await measure('warm-up', server, 2, listRequest(targets));
    const label = bigCount.toLocaleString('en');
    const R = await measure(`R reference @ ${label}`, server, seconds, (i) => ({
      method: 'GET',
      path: `/bench/reference?org=${withOrg[i % withOrg.length]!.orgId}`,
    }));
    const L = await measure(`L list @ ${label}`, server, seconds, listRequest(targets));
    const D = await measure(`D detail @ ${label}`, server, seconds, (i) => {
      const t = withTicket[i % withTicket.length]!;
      return { method: 'GET', path: `/api/v1/portals/${PORTAL_SLUG}/tickets/${t.ticketId}`, headers: bearer(t.token) };
    });
    const C = await measure(`C create @ ${label}`, server, seconds, (i) => ({
      method: 'POST',
      path: `/api/v1/portals/${PORTAL_SLUG}/tickets`,
      headers: { ...bearer(targets[i % targets.length]!.token), 'content-type': 'application/json' },
      body: JSON.stringify({ typeId, title: `Bench ticket ${i}`, description: 'Created by the benchmark.' }),
    }));
    await stopChild(server.child);

    const ratio = L.rps / R.rps;
    const growth = L.p50 / smallL.p50;
    console.log('');
    for (const m of [R, L, D, C, smallL]) console.log(fmt(m));
    console.log('');
    const checks: [string, boolean][] = [
      [`build ${big.seconds.toFixed(1)} s (target < 60 s)`, big.seconds < 60],
      [`L/R ${ratio.toFixed(2)} (target >= 0.6)`, ratio >= 0.6],
      [`L p99 ${L.p99.toFixed(2)} ms (target <= 25 ms)`, L.p99 <= 25],
      [`growth ${growth.toFixed(2)} = p50 L@${label} / p50 L@${smallCount.toLocaleString('en')} (target <= 1.5)`, growth <= 1.5],
    ];
    for (const [text, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${text}`);
    // Where L/R stands once the load generator's share of the two cores is set aside.
    console.log(`NOTE  server CPU per request: L ${L.cpuMs.toFixed(3)} ms, R ${R.cpuMs.toFixed(3)} ms (R/L ${(R.cpuMs / L.cpuMs).toFixed(2)})`);
    // A wrong answer fails the run; a timeout under 50-way load is a figure to read, not a bug.
    const wrong = [R, L, D, C, smallL].filter((m) => m.non2xx > 0);
    if (wrong.length > 0) {
      console.log(`FAIL  non-2xx answers in: ${wrong.map((m) => m.label).join(', ')}`);
      failed = true;
    }
    for (const m of [R, L, D, C, smallL].filter((x) => x.errors > 0)) {
      console.log(`NOTE  ${m.errors} requests timed out or failed to connect in ${m.label}`);
    }
  } finally {
    if (keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

await main();
