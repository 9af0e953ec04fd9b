import { sql, type RawBuilder } from 'kysely';
import { badRequest } from '../http/errors.js';
import type { Sort } from './tickets.schemas.js';
import { PRIORITIES, STATUSES } from './ticket-fields.js';

/** Rank of a status or priority in workflow order; the values are our own constants, so literals are safe. */
function rankCase(column: 'tickets.priority' | 'tickets.status', values: readonly string[]): RawBuilder<number> {
  const whens = values.map((v, i) => sql`when ${sql.lit(v)} then ${sql.lit(i + 1)}`);
  return sql<number>`(case ${sql.ref(column)} ${sql.join(whens, sql` `)} else 0 end)`;
}

/** The value a ticket list is ordered by (ties are broken by id); customer and admin lists share it. */
export function sortExpression(sort: Sort): RawBuilder<string | number> {
  switch (sort) {
    case 'created':
      return sql.ref<string>('tickets.created_at');
    case 'updated':
      return sql.ref<string>('tickets.updated_at');
    case 'priority':
      return rankCase('tickets.priority', PRIORITIES);
    case 'status':
      return rankCase('tickets.status', STATUSES);
  }
}

/** Which way a list runs. */
export type SortOrder = 'asc' | 'desc';

/**
 * The direction a sort runs in when the client names none: newest, most
 * recently updated and most pressing first; statuses in workflow order (open
 * first, closed last).
 */
export function defaultOrder(sort: Sort): SortOrder {
  return sort === 'status' ? 'asc' : 'desc';
}

/** The sort value of a list cursor: a rank for priority and status, a timestamp for the others. */
export type CursorValue = string | number;

/**
 * The cursor after a list's last row. It names the sort and order it was made
 * for, so it is only ever read back in that same list.
 */
export function encodeListCursor(sort: Sort, order: SortOrder, value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([sort, order, value, id])).toString('base64url');
}

/**
 * Reads a cursor of `encodeListCursor` for this sort and order: anything this
 * API did not hand out, or a cursor of another sort or order, is a 400 naming
 * `cursor`. Only values the list could have made get through (small integer
 * ranks, timestamps and ids without NUL): anything else would reach the
 * database as an odd parameter (PostgreSQL refuses 1e308 as an integer and
 * NUL in text: a 500, not a 400).
 */
export function decodeListCursor(cursor: string, sort: Sort, order: SortOrder): [CursorValue, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('cursor', 'is not a cursor this list handed out.');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw badRequest('cursor', 'is not a cursor this list handed out.');
  const [cursorSort, cursorOrder, value, id] = parsed as unknown[];
  const fine = (s: unknown): s is string => typeof s === 'string' && s.length <= 100 && !s.includes('\u0000');
  const numeric = sort === 'priority' || sort === 'status';
  const valueFits = numeric ? Number.isSafeInteger(value) && Math.abs(value as number) <= 1000 : fine(value);
  if (!fine(id) || !valueFits) throw badRequest('cursor', 'is not a cursor this list handed out.');
  if (cursorSort !== sort || cursorOrder !== order) throw badRequest('cursor', 'belongs to another sort or order; start again without it.');
  return [value as CursorValue, id];
}
