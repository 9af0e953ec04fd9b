import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { sessionTokenOf } from './require-viewer.js';
import { findSession, resolveSession, revokeSessions, rotateRefreshToken } from './sessions.js';
import { clearSessionCookie } from './sign-in.js';

const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) }).openapi('RefreshSession');
const Refreshed = z
  .object({ token: z.string(), refreshToken: z.string(), expiresAt: z.string() })
  .openapi('RefreshedSession');
const LogoutBody = z.strictObject({ everywhere: z.boolean().optional() }).openapi('Logout');

const refreshRoute = createRoute({
  method: 'post',
  path: '/auth/refresh',
  summary: "Trade the widget's refresh token for a new bearer token and refresh token (reuse ends the session)",
  request: { body: jsonBody(RefreshBody) },
  responses: { 200: jsonResponse(Refreshed, 'A new pair'), ...errorResponses },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  summary: 'Sign out of this session, or with `everywhere` of every session of the account',
  request: { body: { required: false, content: { 'application/json': { schema: LogoutBody } } } },
  responses: { 204: { description: 'Signed out' }, ...errorResponses },
});

/** Session upkeep: `/auth/refresh` and `/auth/logout`. */
export function sessionApp() {
  const app = openApiApp();

  app.openapi(refreshRoute, async (c) => {
    const { deps } = c.var;
    const pair = await rotateRefreshToken(deps.db.kysely, deps.secret, deps.clock, c.req.valid('json').refreshToken);
    if (!pair) throw new ApiError(401, 'unauthorized', 'Sign in again.');
    return c.json({ token: pair.token, refreshToken: pair.refreshToken, expiresAt: pair.expiresAt.toISOString() }, 200);
  });

  app.openapi(logoutRoute, async (c) => {
    const { deps } = c.var;
    const body = (c.req.valid('json') as z.infer<typeof LogoutBody> | undefined) ?? {};
    const token = sessionTokenOf(c);
    const viewer = token ? await resolveSession(deps.db.kysely, deps.secret, deps.clock, token) : null;
    if (viewer) {
      if (body.everywhere) {
        // The account that signed in, not a previewed customer's.
        const session = await findSession(deps.db.kysely, viewer.sessionId);
        if (session) await revokeSessions(deps.db.kysely, deps.clock, { userId: session.user_id });
      } else {
        await revokeSessions(deps.db.kysely, deps.clock, { sessionId: viewer.sessionId });
      }
    }
    // Signing out is always allowed to succeed: the client forgets its tokens either way.
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  return app;
}
