import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Past this many distinct SQL texts, new ones go unnamed (each named one costs every connection memory). */
const MAX_NAMED = 1000;
const DML = /^\s*(select|insert|update|delete|with)\b/i;

/** Whether and as what each SQL text is prepared (undefined: not seen yet; null: sent unnamed). */
export interface StatementNames {
  /** Off while the schema may still change under prepared statements (migrations). */
  enabled: boolean;
  nameOf(sql: string): string | null;
}

export function statementNames(): StatementNames {
  const names = new Map<string, string | null>();
  return {
    enabled: false,
    nameOf(sql) {
      let name = names.get(sql);
      if (name === undefined) {
        name =
          DML.test(sql) && names.size < MAX_NAMED
            ? `tp_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`
            : null;
        names.set(sql, name);
      }
      return name;
    },
  };
}

/**
 * A pg pool whose clients send Kysely's queries as named prepared statements.
 *
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it
 * afresh each time: for the customer list that was about 2 of its 4.3 ms. A
 * statement with a name is parsed once per connection (pg remembers which it
 * has prepared on each) and its plan can be kept. The name is a hash of the
 * SQL text, so a text always gets the same name on every connection, and
 * reusing a name for another text cannot happen. Only DML is named, only
 * once `names.enabled` (after the migrations: a prepared statement whose
 * table changes shape fails with "cached plan must not change result type"),
 * and at most MAX_NAMED texts. Cursors (streaming) go through untouched.
 */
export function namingPool(pool: pg.Pool, names: StatementNames): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, NamingClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let out = wrapped.get(client);
      if (!out) wrapped.set(client, (out = new NamingClient(client, names)));
      return out;
    },
    end: () => pool.end(),
  };
}

class NamingClient implements PostgresPoolClient {
  constructor(
    readonly client: pg.PoolClient,
    readonly names: StatementNames,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // A cursor (streaming) is a pg Submittable: passed through as Kysely made it.
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor as never) as PostgresCursor<R>;
    const name = this.names.enabled ? this.names.nameOf(sqlOrCursor) : null;
    const values = [...(parameters ?? [])];
    const result = name
      ? this.client.query({ name, text: sqlOrCursor, values })
      : this.client.query(sqlOrCursor, values);
    return result as unknown as Promise<PostgresQueryResult<R>>;
  }

  release(): void {
    this.client.release();
  }
}
