import { sql, type RawBuilder } from 'kysely';
import { decodeCursor, encodeCursor, staleCursor } from '../http/cursor.js';
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
  return encodeCursor([sort, order, value, id]);
}

/**
 * Reads a cursor of `encodeListCursor` for this sort and order: anything this
 * API did not hand out is a 400 naming `cursor` (see http/cursor.ts), and so
 * is a cursor of another sort or order.
 */
export function decodeListCursor(cursor: string, sort: Sort, order: SortOrder): [CursorValue, string] {
  const numeric = sort === 'priority' || sort === 'status';
  const [cursorSort, cursorOrder, value, id] = numeric
    ? decodeCursor(cursor, ['string', 'string', 'number', 'string'])
    : decodeCursor(cursor, ['string', 'string', 'string', 'string']);
  if (cursorSort !== sort || cursorOrder !== order) throw staleCursor();
  return [value, id];
}
