import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Viewer } from '../app-env.js';
import { ApiError } from '../http/errors.js';
import { resolveSession } from './sessions.js';

/** Name of the full-screen portal's session cookie. */
export const SESSION_COOKIE = '__Host-tp_session';

function tokenFrom(authorization: string | undefined, cookie: string | undefined): string | null {
  if (authorization) {
    const match = /^Bearer ([A-Za-z0-9._-]{1,4096})$/.exec(authorization);
    return match?.[1] ?? null;
  }
  return cookie ?? null;
}

function unauthorized(): ApiError {
  return new ApiError(401, 'unauthorized', 'Sign in to continue.');
}

/**
 * Middleware: the request must carry a live session (bearer token or the
 * portal cookie); sets `viewer`. With `staff`, only agents and admins pass.
 */
export function requireViewer(options: { staff?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { db, secret, clock } = c.var.deps;
    const token = tokenFrom(c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
    const viewer: Viewer | null = token ? await resolveSession(db.kysely, secret, clock, token) : null;
    if (!viewer) throw unauthorized();
    if (options.staff) {
      if (viewer.role === 'customer' || viewer.readOnly || viewer.portalId !== null) {
        throw new ApiError(403, 'forbidden', 'This needs an agent or admin account.');
      }
    }
    c.set('viewer', viewer);
    await next();
  });
}
