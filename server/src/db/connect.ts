import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  type Driver,
  type KyselyConfig,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { postgresCommitSignal, sqliteCommitSignal, type CommitSignal } from '../events/commit-signal.js';
import { migrationProvider } from './migrations/index.js';
import { checkpointOffThread } from './checkpointer.js';
import { GroupCommitSqliteDriver, type ReadConnection } from './group-commit.js';
import { namingPool, statementNames, type StatementNames } from './pg-named.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** A connected database and what the code needs to know about it. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle, for prepared-statement work such as the benchmark's reference route. */
  sqlite: SQLite.Database | null;
  /** Tells live updates that ticket events were committed (in this process; on PostgreSQL, in any). */
  commits: CommitSignal;
  close(): Promise<void>;
}

/** True when `url` names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/**
 * Opens the database named by `url` (a SQLite file path, `:memory:`, or a
 * postgres:// URL) and brings its schema up to date. `migrateTo` stops at
 * that migration instead (tests of a migration; see `migrateDb`).
 */
export async function connectDb(
  url: string,
  options: {
    schema?: string;
    migrateTo?: string;
    /** Told each query's SQL and values once it ran (the benchmark replays the list route's SQL bare). */
    onQuery?: (sql: string, parameters: readonly unknown[]) => void;
  } = {},
): Promise<Db> {
  const log = options.onQuery ? queryLog(options.onQuery) : undefined;
  const { namedStatements, afterCommit, ...db } = isPostgresUrl(url)
    ? openPostgres(url, options.schema, log)
    : openSqlite(url, log);
  await migrate(db.kysely, db.dialect === 'postgres' ? options.schema : undefined, options.migrateTo);
  // Named statements only on a schema that no longer changes (a test stopping at a migration may go on later).
  if (namedStatements && !options.migrateTo) namedStatements.enabled = true;
  // After the migrations: the SQLite signal hangs a trigger on ticket_events.
  const commits =
    db.sqlite && afterCommit ? sqliteCommitSignal(db.sqlite, afterCommit) : postgresCommitSignal(url, options.schema);
  return {
    ...db,
    commits,
    close: async () => {
      await commits.close();
      await db.close();
    },
  };
}

/** Runs the migrations of an open database up to the latest (or to `to`); `schema` as given to `connectDb`. */
export async function migrateDb(db: Db, options: { schema?: string; to?: string } = {}): Promise<void> {
  await migrate(db.kysely, db.dialect === 'postgres' ? options.schema : undefined, options.to);
}

/** SQLite caps the map at its build's limit (just under 2 GiB); past that, reads fall back to read(). */
const MMAP_BYTES = 2 * 1024 ** 3;
const CACHE_KIB = 64 * 1024;

/** Kysely's log hook, reduced to the queries that ran. */
function queryLog(onQuery: (sql: string, parameters: readonly unknown[]) => void): KyselyConfig['log'] {
  return (event) => {
    if (event.level === 'query') onQuery(event.query.sql, event.query.parameters);
  };
}

function openSqlite(
  file: string,
  log?: KyselyConfig['log'],
): Omit<Db, 'commits'> & { namedStatements?: undefined; afterCommit: Set<() => void> } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // A 201 must survive a power cut: WAL with a full fsync at each commit.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  tuneConnection(sqlite);
  // Plain reads get a connection of their own (see GroupCommitSqliteDriver); an in-memory
  // database exists for one connection only.
  const reader = file === ':memory:' ? null : new SQLite(file);
  if (reader) {
    tuneConnection(reader);
    reader.pragma('query_only = ON');
  }
  const afterCommit = new Set<() => void>();
  const kysely = new Kysely<Database>({
    dialect: new GroupCommitSqliteDialect(
      { database: withStatementCache(sqlite) },
      sqlite,
      reader ? withStatementCache(reader) : null,
      afterCommit,
    ),
    ...(log ? { log } : {}),
  });
  const stopCheckpoints = file === ':memory:' ? async () => undefined : checkpointOffThread(sqlite);
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    afterCommit,
    close: async () => {
      await stopCheckpoints();
      reader?.close();
      await kysely.destroy();
    },
  };
}

/** What every connection to a SQLite file is set up with, the writing one and the reading one alike. */
function tuneConnection(sqlite: SQLite.Database): void {
  sqlite.pragma('busy_timeout = 5000');
  // Reads go straight to the OS page cache through a memory map, and SQLite
  // keeps more pages itself: a list touches a few hundred scattered rows, and
  // copying each page in with a read() call was most of its cost.
  sqlite.pragma(`mmap_size = ${MMAP_BYTES}`);
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
}

/** Kysely's SQLite dialect on the group-commit driver (see `GroupCommitSqliteDriver`). */
class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #sqlite: SQLite.Database;
  readonly #reader: ReadConnection | null;
  readonly #afterCommit: ReadonlySet<() => void>;

  constructor(
    config: SqliteDialectConfig,
    sqlite: SQLite.Database,
    reader: ReadConnection | null,
    afterCommit: ReadonlySet<() => void>,
  ) {
    super(config);
    this.#config = config;
    this.#sqlite = sqlite;
    this.#reader = reader;
    this.#afterCommit = afterCommit;
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.#config, this.#sqlite, this.#reader, this.#afterCommit);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not,
 * so its migrator would apply each statement on its own: a process killed
 * mid-migration left a half-built schema that the next start could neither
 * finish nor undo. Saying so makes the pending migrations one transaction.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing costs SQLite about as much as
 * running a typical indexed read. The app issues a few hundred distinct SQL
 * texts, so keeping their prepared statements (least recently used dropped
 * first) makes each request cheaper. Safe because better-sqlite3 runs each
 * statement to completion synchronously, so one is never in use twice. Nothing
 * to invalidate: a statement depends on its SQL text alone, and SQLite prepares
 * it again by itself after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase & ReadConnection {
  const cache = new LRUCache<string, SQLite.Statement>({ max: STATEMENT_CACHE_SIZE });
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** With `schema`, every connection works inside that PostgreSQL schema (tests use one each). */
function openPostgres(
  url: string,
  schema?: string,
  log?: KyselyConfig['log'],
): Omit<Db, 'commits'> & { namedStatements: StatementNames; afterCommit?: undefined } {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const names = statementNames();
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: namingPool(pool, names) }),
    ...(log ? { log } : {}),
  });
  return {
    kysely,
    dialect: 'postgres',
    sqlite: null,
    close: () => kysely.destroy(),
    namedStatements: names,
  };
}

async function migrate(kysely: Kysely<Database>, schema?: string, to?: string): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema; naming ours keeps tests apart.
  const migrator = new Migrator({
    db: kysely,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = to ? await migrator.migrateTo(to) : await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}
