import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDriver,
  type DatabaseConnection,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely';
import { FifoMutex } from './fifo-mutex.js';

/**
 * Past this many transactions a batch commits even with more waiting. A batch's COMMIT (the
 * WAL write of every page its members changed) and its members' answers share one turn of the
 * event loop: at 1M tickets a batch of 32 creates took 9-11 ms to write, and that turn blocked
 * the loop for 26-37 ms. At 12, C's longest block was 18-19 ms for about 10% fewer creates a
 * second (npm run bench:api).
 */
const MAX_BATCH = 12;

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

/** How a statement that may only read starts (a select, or one with common table expressions). */
const READS = /^\s*(?:select|with)\b/i;

/** Plain reads' own connection to the same file: it sees committed data only (see the driver). */
export interface ReadConnection {
  prepare(sql: string): SQLite.Statement;
}

/**
 * One user's use of the database, from `acquireConnection` to
 * `releaseConnection`. A plain read runs at once on the read connection; a
 * write or a transaction first takes its turn on the single writing
 * connection (`holds`). Knows whether it runs a transaction (its savepoint)
 * and whether it gave its turn back early (a transaction waiting for its
 * batch's COMMIT).
 */
class Turn implements DatabaseConnection {
  savepoint: string | null = null;
  holds = false;
  released = false;

  constructor(
    readonly driver: GroupCommitSqliteDriver,
    readonly inner: DatabaseConnection,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.holds) {
      const read = this.driver.readCommitted<R>(query);
      if (read) return read;
      await this.driver.takeTurn(this);
    }
    await this.driver.commitBeforePlainQuery(this);
    const result = await this.inner.executeQuery<R>(query);
    // A plain write commits as it runs.
    if (this.savepoint === null) this.driver.committed();
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // An open iterator keeps its connection busy: streams stay off the shared read connection.
    if (!this.holds) await this.driver.takeTurn(this);
    await this.driver.commitBeforePlainQuery(this);
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Kysely's SQLite driver with one writing connection, handed out strictly in
 * turn, with group commit, and a second connection for plain reads:
 *
 * - Plain reads (a read-only statement outside any transaction) run on the
 *   read connection at once, without waiting for a turn. In WAL mode it sees
 *   the last COMMIT, so a read never sees a write that is not yet committed
 *   and acknowledged, and never makes an open batch commit early. (Were
 *   reads to share the writing connection, each would have to commit the open
 *   batch first, and on the create path, with its session and portal reads
 *   between transactions, no batch ever held more than one.)
 * - Transactions take the write lock at BEGIN (`begin immediate`). A deferred
 *   transaction that reads and then writes can find another process (a backup,
 *   a second server) has written meanwhile, and SQLite then fails it with
 *   SQLITE_BUSY without waiting; an immediate one waits under the busy timeout.
 * - The writing connection goes to waiters strictly in turn, each on a turn of
 *   the event loop of its own (see `FifoMutex`). Kysely's own lock wakes every
 *   waiter at each release to race for it, and a request arriving just then
 *   can take it ahead of them all; under concurrent writes a request could
 *   lose that race many times over.
 * - Concurrent transactions share one BEGIN … COMMIT. Each runs inside its own
 *   SAVEPOINT, so a failure rolls back that transaction alone. One that
 *   finishes releases its savepoint, hands the connection on and waits. The
 *   batch commits for all on the event loop's next check phase, in its turn
 *   after those already waiting, so every request read from the sockets in
 *   the same turn of the loop joins it (or at once when MAX_BATCH is reached);
 *   only then does each commit return. Each request runs through in one turn
 *   of the loop (better-sqlite3 answers synchronously), so without that wait
 *   no two transactions would ever meet. At `synchronous = FULL` every COMMIT
 *   is an fsync that blocks the event loop; a batch pays one for many. A plain
 *   write (outside any transaction) commits an open batch before it runs.
 */
export class GroupCommitSqliteDriver extends SqliteDriver {
  #connection: DatabaseConnection | null = null;
  #batch: Batch | null = null;
  #savepoints = 0;
  readonly #turns = new FifoMutex();
  readonly #sqlite: SQLite.Database;
  readonly #reader: ReadConnection | null;

  readonly #afterCommit: ReadonlySet<() => void>;

  /**
   * `reader`: the plain reads' connection; null (an in-memory database, which
   * another connection would not share) runs them in turn too. `afterCommit`:
   * told after each commit on the writing connection (a batch, or a plain write).
   */
  constructor(
    config: SqliteDialectConfig,
    sqlite: SQLite.Database,
    reader: ReadConnection | null,
    afterCommit: ReadonlySet<() => void>,
  ) {
    super(config);
    this.#sqlite = sqlite;
    this.#reader = reader;
    this.#afterCommit = afterCommit;
  }

  /** Tells the `afterCommit` listeners that the writing connection has committed. */
  committed(): void {
    for (const listener of this.#afterCommit) listener();
  }

  override async init(): Promise<void> {
    await super.init();
    // Taken once and never given back to the parent: our turns decide who holds it.
    this.#connection = await super.acquireConnection();
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new Turn(this, this.#connection!);
  }

  /** Waits for `turn`'s turn on the writing connection. */
  async takeTurn(turn: Turn): Promise<void> {
    await this.#turns.lock();
    turn.holds = true;
  }

  /** Runs `query` on the read connection if it only reads; null if it must take its turn. */
  readCommitted<R>(query: CompiledQuery): QueryResult<R> | null {
    // Only a select is even prepared there: preparing DDL checks it against that connection's
    // view of the schema, which can lag the writer's by one statement.
    if (!this.#reader || !READS.test(query.sql)) return null;
    const statement = this.#reader.prepare(query.sql);
    if (!statement.readonly) return null;
    return { rows: statement.all(query.parameters) as R[] };
  }

  // Optional only to match SqliteDriver's declaration; Kysely always passes what acquireConnection gave.
  override async releaseConnection(connection?: DatabaseConnection): Promise<void> {
    const turn = connection as Turn;
    if (!turn.holds || turn.released) return;
    turn.released = true;
    this.#turns.unlock();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const turn = connection as Turn;
    if (!turn.holds) await this.takeTurn(turn);
    if (!this.#batch) {
      await this.#raw('begin immediate');
      const batch = (this.#batch = newBatch());
      // Requests read in this same turn of the event loop join it; it commits once they are through.
      setImmediate(() => void this.#commitInTurn(batch));
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
    if (batch.members >= MAX_BATCH) return this.#commitBatch();
    // Let the others in, and return once the shared COMMIT has.
    turn.released = true;
    this.#turns.unlock();
    await batch.done;
  }

  override async destroy(): Promise<void> {
    // A batch still open holds writes not yet acknowledged: they commit before the connection closes.
    await this.#turns.lock();
    if (this.#batch) await this.#commitBatch().catch(() => undefined);
    await super.destroy();
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

  /** A holder outside any transaction is about to write: an open batch commits first. */
  async commitBeforePlainQuery(turn: Turn): Promise<void> {
    if (turn.savepoint === null && this.#batch) await this.#commitBatch();
  }

  /** Commits `batch`, if still open, in its turn: after whoever already waits for the connection. */
  async #commitInTurn(batch: Batch): Promise<void> {
    await this.#turns.lock();
    try {
      // Failing, it has told its members; nobody else awaits this.
      if (this.#batch === batch) await this.#commitBatch().catch(() => undefined);
    } finally {
      this.#turns.unlock();
    }
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
    this.committed();
    batch.settle();
  }

  #raw(sql: string): Promise<QueryResult<unknown>> {
    return this.#connection!.executeQuery(CompiledQuery.raw(sql));
  }
}
