import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDriver,
  type DatabaseConnection,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely';
import { FifoMutex } from './fifo-mutex.js';

/** Past this many transactions a batch commits even with more waiting, so none waits on a long queue. */
const MAX_BATCH = 32;

/** The transactions sharing one BEGIN … COMMIT; each is told the outcome of the shared COMMIT. */
interface Batch {
  members: number;
  done: Promise<void>;
  settle(error?: unknown): void;
}

function newBatch(): Batch {
  let settle!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  // A batch whose members all failed has nobody awaiting it: its rejection is not unhandled.
  done.catch(() => undefined);
  return { members: 0, done, settle };
}

/**
 * One holder's use of the single connection, from `acquireConnection` to
 * `releaseConnection`. Knows whether it runs a transaction (its savepoint) and
 * whether it gave its turn back early (a transaction waiting for its batch's COMMIT).
 */
class Turn implements DatabaseConnection {
  savepoint: string | null = null;
  released = false;

  constructor(
    readonly driver: GroupCommitSqliteDriver,
    readonly inner: DatabaseConnection,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    await this.driver.commitBeforePlainQuery(this);
    return this.inner.executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.driver.commitBeforePlainQuery(this);
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Kysely's SQLite driver, on one connection handed out strictly in turn, with
 * group commit:
 *
 * - Transactions take the write lock at BEGIN (`begin immediate`). A deferred
 *   transaction that reads and then writes can find another process (a backup,
 *   a second server) has written meanwhile, and SQLite then fails it with
 *   SQLITE_BUSY without waiting; an immediate one waits under the busy timeout.
 * - The connection goes to waiters strictly in turn. Kysely's own lock wakes
 *   every waiter at each release to race for it, and a request arriving just
 *   then can take it ahead of them all; under concurrent writes a request
 *   could lose that race many times over.
 * - Concurrent transactions share one BEGIN … COMMIT. Each runs inside its own
 *   SAVEPOINT, so a failure rolls back that transaction alone. One that
 *   finishes while others wait for the connection releases its savepoint,
 *   hands the connection on and waits: the last of the batch (nobody waiting,
 *   or MAX_BATCH reached) commits for all, and only then does each commit
 *   return. At `synchronous = FULL` every COMMIT is an fsync that blocks the
 *   event loop; a batch pays one for many. A plain query (outside any
 *   transaction) commits an open batch before it runs, so no reader ever sees
 *   a write that is not yet committed and acknowledged.
 */
export class GroupCommitSqliteDriver extends SqliteDriver {
  #connection: DatabaseConnection | null = null;
  #batch: Batch | null = null;
  #savepoints = 0;
  readonly #turns = new FifoMutex();
  readonly #sqlite: SQLite.Database;

  constructor(config: SqliteDialectConfig, sqlite: SQLite.Database) {
    super(config);
    this.#sqlite = sqlite;
  }

  override async init(): Promise<void> {
    await super.init();
    // Taken once and never given back to the parent: our turns decide who holds it.
    this.#connection = await super.acquireConnection();
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#turns.lock();
    return new Turn(this, this.#connection!);
  }

  // Optional only to match SqliteDriver's declaration; Kysely always passes what acquireConnection gave.
  override async releaseConnection(connection?: DatabaseConnection): Promise<void> {
    const turn = connection as Turn;
    if (turn.released) return;
    turn.released = true;
    try {
      // Nobody left to join the open batch: commit it now.
      if (this.#batch && this.#turns.waiting === 0) await this.#commitBatch();
    } finally {
      this.#turns.unlock();
    }
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const turn = connection as Turn;
    if (!this.#batch) {
      await this.#raw('begin immediate');
      this.#batch = newBatch();
    }
    const name = `tp_tx_${(this.#savepoints = (this.#savepoints + 1) % 1_000_000)}`;
    await this.#raw(`savepoint ${name}`);
    turn.savepoint = name;
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const turn = connection as Turn;
    const batch = this.#batch!;
    await this.#raw(`release ${turn.savepoint!}`);
    turn.savepoint = null;
    batch.members += 1;
    if (this.#turns.waiting > 0 && batch.members < MAX_BATCH) {
      // Others wait for the connection: let them in, and return once the shared COMMIT has.
      turn.released = true;
      this.#turns.unlock();
      await batch.done;
      return;
    }
    await this.#commitBatch();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const turn = connection as Turn;
    // Its batch's COMMIT failed after it had handed the connection on: nothing of it is left to undo.
    if (turn.released || turn.savepoint === null) return;
    const name = turn.savepoint;
    turn.savepoint = null;
    try {
      await this.#raw(`rollback to ${name}`);
      await this.#raw(`release ${name}`);
    } catch (error) {
      // Some errors (I/O, disk full) make SQLite roll back the whole transaction: the batch is lost.
      if (this.#sqlite.inTransaction) throw error;
    }
    if (!this.#sqlite.inTransaction && this.#batch) {
      const batch = this.#batch;
      this.#batch = null;
      batch.settle(new Error('the transaction was rolled back by SQLite together with others committed with it'));
    }
  }

  /** A holder outside any transaction is about to run a query: an open batch commits first. */
  async commitBeforePlainQuery(turn: Turn): Promise<void> {
    if (turn.savepoint === null && this.#batch) await this.#commitBatch();
  }

  async #commitBatch(): Promise<void> {
    const batch = this.#batch!;
    this.#batch = null;
    try {
      await this.#raw('commit');
    } catch (error) {
      if (this.#sqlite.inTransaction) await this.#raw('rollback');
      batch.settle(error);
      throw error;
    }
    batch.settle();
  }

  #raw(sql: string): Promise<QueryResult<unknown>> {
    return this.#connection!.executeQuery(CompiledQuery.raw(sql));
  }
}
