import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { CustomField, TicketType } from '../db/schema.js';
import { encodeCursor, type CursorKey } from '../http/cursor.js';
import { containsText } from '../tickets/tickets.repository.js';

/**
 * `(column, idColumn) > (value, id)`: the rows after the cursor, in ascending
 * (column, id) order. Row-value comparison works the same on SQLite and PostgreSQL.
 */
export function after(column: string, idColumn: string, key: CursorKey): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(column)}, ${sql.ref(idColumn)}) > (${key[0]}, ${key[1]})`;
}

/**
 * Cuts a `limit + 1` query result to one page and makes the cursor of its last row.
 * `keyOf` must return the same (value, id) the query sorted by.
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * `lower(column) LIKE '%text%'` with the text's own `%`, `_` and `\` matching
 * themselves, on both dialects (SQLite has no default LIKE escape).
 */
export function contains(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${containsText(text)} escape '\\'`;
}

/** The admin catalogs kept in an order of their own: one page of either, by position after `from`; one row more than `limit`. */
export async function listByPosition(
  db: Executor,
  table: 'ticket_types',
  options: { from: CursorKey | null; limit: number },
): Promise<TicketType[]>;
export async function listByPosition(
  db: Executor,
  table: 'custom_fields',
  options: { from: CursorKey | null; limit: number },
): Promise<CustomField[]>;
export async function listByPosition(
  db: Executor,
  table: 'ticket_types' | 'custom_fields',
  options: { from: CursorKey | null; limit: number },
): Promise<(TicketType | CustomField)[]> {
  let query = db
    .selectFrom(table)
    .selectAll()
    .orderBy('position')
    .orderBy('id')
    .limit(options.limit + 1);
  if (options.from) query = query.where(after('position', 'id', options.from));
  return query.execute();
}
