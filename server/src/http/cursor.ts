import { badRequest } from './errors.js';

/**
 * THE cursor codec of every list (customer tickets and messages, admin lists,
 * portals, inbound emails). A cursor is the key of the last row handed out, as
 * a JSON array of parts in base64url: opaque to clients, readable here.
 *
 * Reading one back accepts only what a list could have made: the exact number
 * and kinds of parts, text short and without NUL, whole numbers within 32
 * bits. Anything else is a 400 naming `cursor`, never a value the database
 * refuses (PostgreSQL rejects NUL in text and 1e308 as an integer: a 500).
 */

/** One part of a cursor key: text (an id, a timestamp, a name) or a whole number (a position, a rank). */
export type CursorPart = string | number;

/** The kind of each part a list expects back, in order. */
export type CursorPartKind = 'string' | 'number';

/** The parts of a cursor of `shape`, typed. */
export type CursorParts<S extends readonly CursorPartKind[]> = {
  -readonly [I in keyof S]: S[I] extends 'number' ? number : string;
};

/** A keyset cursor of a list sorted by one column and then id: the last row's value and id. */
export type CursorKey = [string | number, string];

const MAX_TEXT = 200;
const MAX_INT = 2 ** 31 - 1;

/** The cursor for the row after which the next page starts. */
export function encodeCursor(parts: readonly CursorPart[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Reads back a cursor of `encodeCursor` with parts of `shape`; anything else is a 400 naming `cursor`. */
export function decodeCursor<const S extends readonly CursorPartKind[]>(cursor: string, shape: S): CursorParts<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length || !shape.every((kind, i) => fits(kind, parsed[i])))
    throw notOurs();
  return parsed as CursorParts<S>;
}

/** A cursor this list handed out, but for another sort or order: the client must start again. */
export function staleCursor() {
  return badRequest('cursor', 'belongs to another sort or order; start again without it.');
}

function notOurs() {
  return badRequest('cursor', 'is not a cursor this list handed out.');
}

function fits(kind: CursorPartKind, value: unknown): boolean {
  if (kind === 'number') return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_INT;
  return typeof value === 'string' && value.length <= MAX_TEXT && !value.includes('\u0000');
}
