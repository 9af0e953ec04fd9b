import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Viewer } from '../app-env.js';
import { ApiError } from '../http/errors.js';
import { findSession, resolveSession } from './sessions.js';

/** Name of the full-screen portal's session cookie. */
export const SESSION_COOKIE = '__Host-tp_session';

function tokenFrom(authorization: string | undefined, cookie: string | undefined): string | null {
  if (authorization) {
    const match = /^Bearer ([A-Za-z0-9._-]{1,4096})$/.exec(authorization);
    return match?.[1] ?? null;
  }
  return cookie ?? null;
}

/** The session token a request carries: its bearer token, else the portal cookie. */
export function sessionTokenOf(c: Context<AppEnv>): string | null {
  return tokenFrom(c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
}

/** How recent a sign-in must be for sensitive account changes (registering a passkey). */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

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

/**
 * Middleware after `requireViewer`: account-level actions (passkeys) need the
 * full-screen portal's cookie session; a widget's bearer token lives on a host
 * page and must not reach them. With `recent`, the sign-in must also be less
 * than ten minutes old.
 */
export function requireAccountSession(options: { recent?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { db, clock } = c.var.deps;
    const session = await findSession(db.kysely, c.var.viewer.sessionId);
    if (!session || session.kind !== 'cookie') {
      throw new ApiError(403, 'account_session_required', 'Open the full-screen portal to manage your account.');
    }
    if (options.recent) {
      const age = clock.now().getTime() - Date.parse(session.created_at);
      if (age > RECENT_SIGN_IN_SECONDS * 1000) {
        throw new ApiError(403, 'recent_sign_in_required', 'Sign in again to do this.');
      }
    }
    await next();
  });
}
