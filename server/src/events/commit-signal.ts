import type SQLite from 'better-sqlite3';
import pg from 'pg';

/**
 * Says "a ticket event was committed, have a look": the live-update hub polls
 * `ticket_events` when told, instead of waiting for its next timed poll. A
 * hint only, never the data: a missed or spurious signal costs at most one
 * poll interval or one empty poll.
 */
export interface CommitSignal {
  /** Calls `listener` after ticket events are written; returns the function that stops it. */
  watch(listener: () => void): () => void;
  /** True while commits made by other processes reach `watch` too (PostgreSQL LISTEN connected). */
  readonly crossProcess: boolean;
  close(): Promise<void>;
}

/** The PostgreSQL channel migration 0012 notifies, with the writer's schema as payload. */
export const TICKET_EVENTS_CHANNEL = 'tp_ticket_events';

function listeners() {
  const set = new Set<() => void>();
  return {
    add(listener: () => void) {
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit() {
      for (const listener of set) listener();
    },
  };
}

/**
 * SQLite, one process: a temporary trigger on the writing connection notes
 * in JavaScript that a ticket event was written, and the listeners run on the
 * next turn of the event loop after the transaction that wrote it has
 * committed (`afterCommit` is told of each commit by the database driver):
 * reads run on a connection that sees committed data only, so a listener told
 * any earlier would read nothing new. (Other processes on the same file are
 * seen by the hub's timed poll.)
 */
export function sqliteCommitSignal(sqlite: SQLite.Database, afterCommit: Set<() => void>): CommitSignal {
  const watchers = listeners();
  let written = false;
  let scheduled = false;
  sqlite.function('tp_ticket_event_written', { deterministic: false, varargs: false }, () => {
    written = true;
    return null;
  });
  sqlite.exec(
    'create temp trigger if not exists tp_ticket_events_written after insert on main.ticket_events begin select tp_ticket_event_written(); end',
  );
  const committed = () => {
    // A write rolled back leaves the mark until the next commit: one spurious, harmless poll.
    if (!written || scheduled) return;
    written = false;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      watchers.emit();
    });
  };
  afterCommit.add(committed);
  return { watch: watchers.add, crossProcess: false, close: async () => void afterCommit.delete(committed) };
}

/**
 * PostgreSQL, any number of processes: one connection per process LISTENs on
 * the channel a trigger (migration 0012) notifies when a transaction that
 * wrote ticket events commits, from whichever instance. Opened on the first
 * `watch`; when it drops, the hub's timed poll carries on alone and the
 * connection is retried every `retryMs`, with one signal on reconnecting to
 * catch up. `schema`: the tests' per-file schema (notifications are
 * database-wide; the payload names the writer's schema).
 */
export function postgresCommitSignal(
  url: string,
  schema?: string,
  options: { retryMs?: number; log?: (message: string) => void } = {},
): CommitSignal {
  const retryMs = options.retryMs ?? 1000;
  const log = options.log ?? ((message: string) => console.error(message));
  const watchers = listeners();
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let ownSchema = schema ?? null;

  function dropped(reason: string): void {
    if (!client) return;
    const old = client;
    client = null;
    connected = false;
    old.removeAllListeners('notification');
    old.end().catch(() => undefined);
    if (closed) return;
    log(`live updates: LISTEN connection lost (${reason}); polling until it is back`);
    retry = setTimeout(() => {
      retry = null;
      connect();
    }, retryMs);
    retry.unref();
  }

  function connect(): void {
    if (closed || client) return;
    const c = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    client = c;
    c.on('error', (err) => dropped(err.message));
    c.on('end', () => dropped('connection ended'));
    c.on('notification', (msg) => {
      if (msg.channel === TICKET_EVENTS_CHANNEL && msg.payload === ownSchema) watchers.emit();
    });
    c.connect()
      .then(async () => {
        ownSchema ??= (await c.query<{ s: string }>('select current_schema() as s')).rows[0]?.s ?? 'public';
        await c.query(`listen ${TICKET_EVENTS_CHANNEL}`);
        if (client !== c) return;
        connected = true;
        // Whatever committed while we were not listening.
        watchers.emit();
      })
      .catch((err: unknown) => {
        if (client === c) dropped(err instanceof Error ? err.message : String(err));
      });
  }

  return {
    watch(listener) {
      connect();
      return watchers.add(listener);
    },
    get crossProcess() {
      return connected;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      connected = false;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
