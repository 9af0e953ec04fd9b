import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { AppDeps, AppEnv } from '../app-env.js';
import { MeSchema, toMe } from '../account/account.schemas.js';
import { requestLocale } from '../i18n/locale.js';
import type { Database, User } from '../db/schema.js';
import type { Portal } from '../portals/portals.repository.js';
import { ApiError } from '../http/errors.js';
import { SESSION_COOKIE } from './require-viewer.js';
import {
  CUSTOMER_SESSION_TTL_SECONDS,
  issueRefreshToken,
  mintSession,
  STAFF_SESSION_TTL_SECONDS,
  WIDGET_TOKEN_TTL_SECONDS,
} from './sessions.js';

/**
 * Where a session goes: `cookie` for the full-screen portal on our origin
 * (HttpOnly, so no token in the body), `widget` for a host page (a
 * short-lived bearer token and a rotating refresh token).
 */
export type Channel = 'cookie' | 'widget';
export const ChannelSchema = z.enum(['cookie', 'widget']);

/** What every sign-in route answers. */
export const SignInResultSchema = z
  .object({
    /** Bearer token (widget channel); null when the session went into the cookie. */
    token: z.string().nullable(),
    /** Trade it at /auth/refresh for a new pair (widget channel only). */
    refreshToken: z.string().nullable(),
    /** When `token` (or the cookie) stops working. */
    expiresAt: z.string(),
    user: MeSchema,
  })
  .openapi('SignInResult');
export type SignInResult = z.infer<typeof SignInResultSchema>;

/** A session started for a user, ready to hand out. */
export interface StartedSession {
  token: string;
  refreshToken: string | null;
  expiresAt: Date;
  channel: Channel;
}

/** The user's language from an Accept-Language header: the first of English and French, else English. */
export function localeFromHeader(header: string | undefined): 'en' | 'fr' {
  return requestLocale(header);
}

/**
 * Starts a session for a user who just proved who they are, through `portal`.
 * Customers get a session limited to that portal; agents and admins get one
 * for the whole account, so the same sign-in reaches the admin API. Without a
 * portal (the console) only staff may start one.
 */
export async function startSession(
  trx: Kysely<Database>,
  deps: AppDeps,
  user: Pick<User, 'id' | 'role'>,
  portal: Pick<Portal, 'id'> | null,
  channel: Channel,
): Promise<StartedSession> {
  // The one door every sign-in goes through (code, link, passkey, host identity): a deactivated person stays out.
  const account = await trx.selectFrom('users').select('deactivated_at').where('id', '=', user.id).executeTakeFirst();
  if (account?.deactivated_at != null) {
    throw new ApiError(403, 'deactivated', 'This account is deactivated; ask an administrator to reactivate it.');
  }
  const staff = user.role !== 'customer';
  // Callers check this first; a customer session bound to no portal would see nothing, or worse.
  if (!staff && !portal) throw new Error('a customer session needs a portal');
  const ttlSeconds = staff ? STAFF_SESSION_TTL_SECONDS : CUSTOMER_SESSION_TTL_SECONDS;
  const minted = await mintSession(trx, deps.secret, deps.clock, {
    userId: user.id,
    kind: channel,
    portalId: staff ? null : portal!.id,
    ttlSeconds,
    tokenTtlSeconds: channel === 'widget' ? WIDGET_TOKEN_TTL_SECONDS : ttlSeconds,
  });
  const refreshToken =
    channel === 'widget' ? await issueRefreshToken(trx, deps.secret, minted.sessionId, deps.clock.now()) : null;
  return { token: minted.token, refreshToken, expiresAt: minted.expiresAt, channel };
}

/** Puts a cookie session into the `__Host-` cookie: HttpOnly, Secure, SameSite=Lax, whole origin. */
export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - c.var.deps.clock.now().getTime()) / 1000));
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
}

/** The answer of a sign-in route: the cookie set (cookie channel) or the token pair in the body (widget). */
export function signInResponse(c: Context<AppEnv>, session: StartedSession, user: User): SignInResult {
  if (session.channel === 'cookie') {
    setSessionCookie(c, session.token, session.expiresAt);
    return { token: null, refreshToken: null, expiresAt: session.expiresAt.toISOString(), user: toMe(user) };
  }
  return {
    token: session.token,
    refreshToken: session.refreshToken,
    expiresAt: session.expiresAt.toISOString(),
    user: toMe(user),
  };
}
