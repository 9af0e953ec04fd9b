import { sql, type RawBuilder, type SqlBool } from 'kysely';
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
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): { items: T[]; nextCursor: string | null } {
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
