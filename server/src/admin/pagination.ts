import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { badRequest } from '../http/errors.js';
import { containsText } from '../tickets/tickets.repository.js';

/** What a keyset cursor holds: the sort value of the last row and its id. */
export type CursorKey = [string | number, string];

/** An opaque cursor for the row after which the next page starts. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor this API handed out; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string, valueType: 'string' | 'number'): CursorKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === valueType && isCursorText(parsed[1])) {
      // Only values this API could have handed out: 32-bit whole numbers (positions,
      // ranks) and short text without NUL; PostgreSQL refuses anything else outright.
      const value: unknown = parsed[0];
      if (typeof value === 'number' ? Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1 : isCursorText(value)) return parsed as CursorKey;
    }
  } catch {
    // reported below
  }
  throw badRequest('cursor', 'is not a cursor this list handed out.');
}

function isCursorText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200 && !value.includes('\u0000');
}

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
