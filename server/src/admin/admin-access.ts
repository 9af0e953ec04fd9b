import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { ApiError, forbidden, type ErrorText } from '../http/errors.js';

/**
 * Middleware, after `requireViewer({ staff: true })`: only admins pass.
 * Portal configuration, staff accounts and previews are theirs alone; agents get 403.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.viewer.role !== 'admin') throw forbidden('This needs an admin account.');
  await next();
});

/** True when the database refused a row for breaking a unique constraint (either dialect). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the database refused a change because other rows still point at the row. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A 409 naming the field whose value is already taken. */
export function conflict(field: string, message: ErrorText, code = 'conflict'): ApiError {
  return new ApiError(409, code, message, field, { named: true });
}

/**
 * Runs a write and turns a unique-constraint failure into a 409 naming `field`.
 * The handlers check first; this covers the race between the check and the write.
 */
export async function uniqueOr409<T>(field: string, message: ErrorText, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(field, message);
    throw err;
  }
}
