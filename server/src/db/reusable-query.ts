import { CompiledQuery, type Compilable, type DialectAdapter, type Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database } from './schema.js';

/** A value a reusable query takes as a bound parameter (a list binds one per item). */
export type QueryArg = string | number | null | readonly (string | number | null)[];

type Slot = { arg: string; index: number | null } | { constant: unknown };

interface Plan {
  sql: string;
  slots: Slot[];
}

/** Enough for every shape the app builds; past that the least recently used plan goes. */
const MAX_PLANS_PER_DB = 512;
const SENTINEL = '\u0000arg:';

/**
 * A query built and compiled once per shape, then run with new values.
 *
 * Building a large Kysely query (the visibility rule's grants, a list's
 * filters) costs more than SQLite takes to run it. `build` receives stand-in
 * values for `args`, so the compiled SQL holds a placeholder wherever an arg
 * lands; later calls with the same `shape` reuse that SQL and bind the real
 * values in their places. Anything that changes the SQL's form (which
 * branches exist, null or not, a list's length) must be in `shape`: `build`
 * may branch on `shape`, never on `args`, and must not read anything else.
 * Its SQL text may not contain an arg (a stand-in there throws at compile).
 */
export function reusableQuery<S, A extends Record<string, QueryArg>, Row>(
  build: (db: Kysely<Database>, shape: S, args: A) => Compilable<Row>,
): (db: Kysely<Database>, shape: S, args: A) => Promise<Row[]> {
  // A plan depends on the shape alone (never on data), so nothing ever invalidates it. Plans
  // are kept per dialect adapter, which a database's transactions share with it: keyed by
  // the Kysely instance, every transaction (a new instance) would compile afresh. (`withPlugin`
  // shares the adapter too, and a plugin changes the SQL: the app uses none.)
  const plansByDialect = new WeakMap<DialectAdapter, LRUCache<string, Plan>>();

  const planFor = (db: Kysely<Database>, shape: S, args: A): Plan => {
    const adapter = db.getExecutor().adapter;
    let plans = plansByDialect.get(adapter);
    if (!plans) plansByDialect.set(adapter, (plans = new LRUCache({ max: MAX_PLANS_PER_DB })));
    const key = shapeKey(shape, args);
    let plan = plans.get(key);
    if (!plan) {
      plan = compilePlan(build(db, shape, standIns(args)).compile());
      plans.set(key, plan);
    }
    return plan;
  };

  return async (db, shape, args) => {
    const plan = planFor(db, shape, args);
    const parameters = plan.slots.map((slot) => {
      if ('constant' in slot) return slot.constant;
      const value = args[slot.arg];
      return slot.index === null ? value : (value as readonly unknown[])[slot.index];
    });
    const result = await db.executeQuery<Row>(CompiledQuery.raw(plan.sql, parameters));
    return result.rows;
  };
}

/** The shape plus each list's length: a list binds one parameter per item. */
function shapeKey(shape: unknown, args: Record<string, QueryArg>): string {
  const lengths = Object.entries(args)
    .filter(([, value]) => Array.isArray(value))
    .map(([name, value]) => `${name}:${(value as readonly unknown[]).length}`);
  return `${JSON.stringify(shape)}|${lengths.join(',')}`;
}

/** Stand-ins that name their arg (and item); typed as the args so `build` type-checks as usual. */
function standIns<A extends Record<string, QueryArg>>(args: A): A {
  const out: Record<string, QueryArg> = {};
  for (const [name, value] of Object.entries(args)) {
    out[name] = Array.isArray(value) ? value.map((_, i) => `${SENTINEL}${name}#${i}`) : `${SENTINEL}${name}`;
  }
  return out as A;
}

function compilePlan(compiled: CompiledQuery): Plan {
  if (compiled.sql.includes(SENTINEL))
    throw new Error('reusableQuery: an arg reached the SQL text instead of a parameter');
  const slots = compiled.parameters.map((p): Slot => {
    if (typeof p !== 'string' || !p.startsWith(SENTINEL)) return { constant: p };
    const [arg, item] = p.slice(SENTINEL.length).split('#') as [string, string | undefined];
    return { arg, index: item === undefined ? null : Number(item) };
  });
  return { sql: compiled.sql, slots };
}
