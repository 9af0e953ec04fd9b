// The benchmark's world: organizations, customers, projects and tickets over three years,
// written into a fresh SQLite file (prepared statements in large transactions) or a fresh
// PostgreSQL database (COPY, one connection per table). Secondary indexes are dropped for
// the load and rebuilt after: sorting once beats a million random B-tree inserts.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connectDb, type Db } from '../../server/src/db/connect.js';
import { SeededRandom } from '../../server/src/demo/demo-random.js';
import { defaultPortalConfig } from '../../server/src/portals/portal-config.js';
import { insertPortal } from '../../server/src/portals/portals.repository.js';
import { ensureDefaultTicketTypes } from '../../server/src/tickets/catalog.repository.js';
import { setLastTicketNumber } from '../../server/src/tickets/tickets.repository.js';

export const PORTAL_SLUG = 'bench';

/** The shape of a generated world; everything scales from the ticket count. */
export interface WorldSize {
  tickets: number;
  customers: number;
  organizations: number;
  projects: number;
}

export function worldSize(tickets: number): WorldSize {
  return {
    tickets,
    customers: Math.max(100, Math.round(tickets / 10)),
    organizations: Math.max(10, Math.round(tickets / 100)),
    projects: Math.max(10, Math.round(tickets / 500)),
  };
}

export interface BuiltWorld {
  /** A SQLite file or a postgres:// URL. */
  url: string;
  size: WorldSize;
  seconds: number;
  followers: number;
  projectFollowers: number;
}

const TITLE_WORDS = [
  'Checkout',
  'Login',
  'Dashboard',
  'Invoice',
  'Search',
  'Export',
  'Billing',
  'Upload',
  'Report',
  'Calendar',
  'API',
  'Settings',
];
const TITLE_TAILS = [
  'fails with an error',
  'is slow',
  'shows wrong totals',
  'needs a new option',
  'question',
  'does not load',
  'times out',
  'request',
];
const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
const BULK_TABLES = ['organizations', 'users', 'projects', 'project_followers', 'tickets', 'ticket_followers'] as const;
type BulkTable = (typeof BULK_TABLES)[number];

const COLUMNS: Record<BulkTable, string[]> = {
  organizations: ['id', 'name', 'domain', 'created_at'],
  users: ['id', 'email', 'name', 'role', 'organization_id', 'locale', 'external_id', 'created_at'],
  projects: ['id', 'name', 'created_at'],
  project_followers: ['id', 'project_id', 'user_id', 'organization_id', 'created_at'],
  tickets: [
    'id',
    'number',
    'kind',
    'type_id',
    'project_id',
    'title',
    'description',
    'status',
    'priority',
    'requester_id',
    'organization_id',
    'assignee_id',
    'private',
    'percent_complete',
    'due_date',
    'custom',
    'created_at',
    'updated_at',
    'closed_at',
  ],
  ticket_followers: ['ticket_id', 'user_id', 'created_at'],
};

type Value = string | number | null;

/** Where generated rows go. `write` may return a promise: wait for it (back-pressure). */
interface Sink {
  write(table: BulkTable, values: Value[]): void | Promise<void>;
  /** Between phases: commit (SQLite). */
  checkpoint(): Promise<void>;
  finish(): Promise<void>;
}

/** SQLite: prepared inserts in one transaction per phase, on a database nobody else uses. */
function sqliteSink(s: SQLite.Database): Sink {
  const statements = Object.fromEntries(
    BULK_TABLES.map((t) => [
      t,
      s.prepare(
        `insert ${t === 'ticket_followers' ? 'or ignore ' : ''}into ${t} (${COLUMNS[t].join(', ')}) values (${COLUMNS[t].map(() => '?').join(', ')})`,
      ),
    ]),
  ) as Record<BulkTable, SQLite.Statement>;
  let rows = 0;
  s.exec('begin');
  return {
    write(table, values) {
      statements[table].run(...values);
      // Commit every 100,000 rows: one huge transaction would hold everything in the cache.
      if (++rows % 100_000 === 0) s.exec('commit; begin');
    },
    async checkpoint() {
      s.exec('commit; begin');
    },
    async finish() {
      s.exec('commit');
    },
  };
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function copyLine(values: Value[]): string {
  return (
    values
      .map((v) =>
        v === null
          ? '\\N'
          : typeof v === 'number'
            ? String(v)
            : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'),
      )
      .join('\t') + '\n'
  );
}

/**
 * PostgreSQL: one COPY stream per table, each on its own connection, with
 * foreign-key triggers off (session_replication_role = replica) since tables
 * load side by side; the generator makes only consistent rows.
 */
function postgresSink(url: string): Sink {
  const streams = new Map<BulkTable, { client: pg.Client; stream: Writable; buffer: string[] }>();
  async function open(table: BulkTable) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('set session_replication_role = replica');
    const stream = client.query(copyFrom(`copy ${table} (${COLUMNS[table].join(', ')}) from stdin`));
    return { client, stream, buffer: [] as string[] };
  }
  const opening = new Map<BulkTable, Promise<{ client: pg.Client; stream: Writable; buffer: string[] }>>();
  async function flush(entry: { stream: Writable; buffer: string[] }) {
    const chunk = entry.buffer.join('');
    entry.buffer.length = 0;
    if (!entry.stream.write(chunk)) await new Promise((r) => entry.stream.once('drain', r));
  }
  return {
    async write(table, values) {
      let entry = streams.get(table);
      if (!entry) {
        if (!opening.has(table)) opening.set(table, open(table));
        entry = await opening.get(table)!;
        streams.set(table, entry);
      }
      entry.buffer.push(copyLine(values));
      if (entry.buffer.length >= 2000) await flush(entry);
    },
    async checkpoint() {},
    async finish() {
      for (const entry of streams.values()) {
        await flush(entry);
        entry.stream.end();
        await finished(entry.stream);
        await entry.client.end();
      }
    },
  };
}

/** Drops the bulk tables' secondary indexes; returns the statements that rebuild them. */
async function dropIndexes(target: Target): Promise<string[]> {
  if (target.sqlite) {
    const s = target.sqlite;
    const indexes = s
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => '?').join(',')})`,
      )
      .all(...BULK_TABLES) as { name: string; sql: string }[];
    for (const index of indexes) s.exec(`drop index "${index.name}"`);
    return indexes.map((i) => i.sql);
  }
  const db = target.db!;
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
     where schemaname = current_schema() and tablename = any(${[...BULK_TABLES]})
       and indexname not in (select conname from pg_constraint)`.execute(db.kysely);
  for (const row of rows) await sql.raw(`drop index "${row.indexname}"`).execute(db.kysely);
  return rows.map((r) => r.indexdef);
}

/** Where the bulk load runs: SQLite on a connection of its own, PostgreSQL through the app's. */
interface Target {
  sqlite: SQLite.Database | null;
  db: Db | null;
  exec(statement: string): Promise<void>;
}

/** Builds the world at `url` (a SQLite file path, or a postgres:// URL of an empty database). */
export async function buildWorld(url: string, tickets: number): Promise<BuiltWorld> {
  const started = performance.now();
  const size = worldSize(tickets);
  const rnd = new SeededRandom(tickets);
  let db: Db | null = await connectDb(url);
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  await ensureDefaultTicketTypes(db.kysely, now);
  const types = await db.kysely.selectFrom('ticket_types').select(['id', 'key']).orderBy('position').execute();
  const taskTypeId = randomUUID();
  await db.kysely
    .insertInto('ticket_types')
    .values({ id: taskTypeId, key: 'task', name: 'Task', position: types.length, created_at: now })
    .execute();
  const ticketTypeIds = types.map((t) => t.id);

  let target: Target;
  if (db.sqlite) {
    // The app's connections (the reader, the checkpointer) would keep the file in WAL, where
    // every page is written twice: the load runs alone on a connection of its own, in rollback
    // journal mode without fsyncs (nothing here needs to survive a crash, the file is thrown
    // away; better-sqlite3 refuses journal_mode = OFF).
    await db.close();
    db = null;
    const s = new SQLite(url);
    s.pragma('journal_mode = DELETE');
    s.pragma('synchronous = OFF');
    s.pragma('foreign_keys = OFF');
    s.pragma('cache_size = -1000000');
    s.pragma('temp_store = MEMORY');
    target = { sqlite: s, db: null, exec: async (statement) => void s.exec(statement) };
  } else {
    const app = db;
    target = { sqlite: null, db: app, exec: async (statement) => void (await sql.raw(statement).execute(app.kysely)) };
  }
  const rebuild = await dropIndexes(target);
  const sink = target.sqlite ? sqliteSink(target.sqlite) : postgresSink(url);
  const write = async (table: BulkTable, values: Value[]) => {
    const pending = sink.write(table, values);
    if (pending) await pending;
  };

  // Organizations, then customers: most customers belong to one, a few big organizations hold many.
  const orgIds: string[] = [];
  const orgMembers: number[][] = [];
  const customerIds: string[] = [];
  const customerOrg: (number | null)[] = [];
  for (let o = 0; o < size.organizations; o += 1) {
    const id = randomUUID();
    orgIds.push(id);
    orgMembers.push([]);
    await write('organizations', [id, `Organization ${o}`, `org${o}.example`, now]);
  }
  for (let a = 0; a < 5; a += 1) {
    await write('users', [
      randomUUID(),
      `agent${a}@support.example`,
      `Agent ${a}`,
      a === 0 ? 'admin' : 'agent',
      null,
      'en',
      null,
      now,
    ]);
  }
  for (let c = 0; c < size.customers; c += 1) {
    const id = randomUUID();
    // A skewed pick: organization 0 gets ~5% of customers, most get a handful.
    const org = rnd.chance(0.9) ? Math.floor(size.organizations * rnd.next() ** 3) : null;
    customerIds.push(id);
    customerOrg.push(org);
    if (org !== null) orgMembers[org]!.push(c);
    await write('users', [
      id,
      `customer${c}@${org === null ? 'mail' : `org${org}`}.example`,
      `Customer ${c}`,
      'customer',
      org === null ? null : orgIds[org]!,
      'en',
      null,
      now,
    ]);
  }
  await sink.checkpoint();

  // Projects, each followed by a few customers and organizations.
  const projectIds: string[] = [];
  let projectFollowers = 0;
  for (let p = 0; p < size.projects; p += 1) {
    const id = randomUUID();
    projectIds.push(id);
    await write('projects', [id, `Project ${p}`, now]);
    // Distinct picks: the unique indexes are not there yet to refuse a repeat.
    const users = new Set(Array.from({ length: rnd.int(0, 3) }, () => rnd.pick(customerIds)));
    const orgs = new Set(Array.from({ length: rnd.int(0, 2) }, () => rnd.pick(orgIds)));
    for (const user of users) await write('project_followers', [randomUUID(), id, user, null, now]);
    for (const org of orgs) await write('project_followers', [randomUUID(), id, null, org, now]);
    projectFollowers += users.size + orgs.size;
  }
  await sink.checkpoint();

  // Tickets over the last three years, numbered in creation order, each
  // followed by its requester and about a third by someone else too.
  const span = 3 * 365 * 24 * 3600 * 1000;
  const step = span / size.tickets;
  let followers = 0;
  for (let i = 0; i < size.tickets; i += 1) {
    const id = randomUUID();
    const c = rnd.int(0, size.customers - 1);
    const org = customerOrg[c] ?? null;
    const createdMs = nowMs - span + i * step + rnd.next() * step * 0.9;
    const created = new Date(createdMs).toISOString();
    const updated = new Date(Math.min(nowMs, createdMs + rnd.int(0, 20 * 24 * 3600) * 1000)).toISOString();
    const isTask = rnd.chance(0.15);
    const status = STATUSES[rnd.int(0, 4)]!;
    const closed = status === 'resolved' || status === 'closed';
    await write('tickets', [
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
    ]);
    await write('ticket_followers', [id, customerIds[c]!, created]);
    followers += 1;
    if (rnd.chance(0.3)) {
      const members = org === null ? null : orgMembers[org]!;
      const other =
        members && members.length > 1 && rnd.chance(0.7) ? rnd.pick(members) : rnd.int(0, size.customers - 1);
      if (other !== c) {
        await write('ticket_followers', [id, customerIds[other]!, created]);
        followers += 1;
      }
    }
  }
  await sink.finish();

  for (const statement of rebuild) await target.exec(statement);
  if (target.sqlite) {
    target.sqlite.pragma('journal_mode = WAL');
    target.sqlite.close();
  } else {
    // A deployment in steady state, not one autovacuum is still catching up on: COPY leaves
    // every page not yet all-visible, so each index-only scan read the table too until a
    // vacuum ran, and the vacuum that then started mid-measurement slowed everything. (The
    // first run measured L p50 29 ms at 10k and 6 ms at 1M, at 200/s.)
    await target.exec('vacuum (analyze)');
    await target.exec('checkpoint');
  }
  const app = db ?? (await connectDb(url));
  await setLastTicketNumber(app.kysely, size.tickets);
  await insertPortal(app.kysely, PORTAL_SLUG, defaultPortalConfig('Bench', 'ticket', ticketTypeIds), now);
  await app.close();
  return { url, size, seconds: (performance.now() - started) / 1000, followers, projectFollowers };
}
