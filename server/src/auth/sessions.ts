import { jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Clock, Viewer } from '../app-env.js';
import { newId } from '../db/ids.js';
import { reusableQuery } from '../db/reusable-query.js';
import type { Database, Role } from '../db/schema.js';
import { keyedHash, randomToken } from './secrets.js';
import type { Executor } from '../db/executor.js';

/**
 * Which channel minted a session: `cookie` (full-screen portal, our origin),
 * `widget` (bearer token on a host page), `preview` (admin borrowing a
 * customer's view), `internal` (tests and tools).
 */
export type SessionKind = 'cookie' | 'widget' | 'preview' | 'internal';

const ISSUER = 'tickets-portal';

/** Lifetime of a widget's bearer token; the refresh token renews it while the widget is in use. */
export const WIDGET_TOKEN_TTL_SECONDS = 15 * 60;
/** How long a customer stays signed in (cookie, or widget through refresh). */
export const CUSTOMER_SESSION_TTL_SECONDS = 30 * 24 * 3600;
/** Staff sessions reach the admin API, so they end sooner. */
export const STAFF_SESSION_TTL_SECONDS = 12 * 3600;

export interface MintOptions {
  userId: string;
  kind: SessionKind;
  /** Limit the session to one portal. */
  portalId?: string | null;
  /** For preview sessions: the customer whose view is borrowed. */
  previewUserId?: string | null;
  /** Lifetime of the server-side session. */
  ttlSeconds: number;
  /** Lifetime of the signed token when shorter than the session's (widget tokens, renewed by refresh). */
  tokenTtlSeconds?: number;
}

/** What a client keeps to speak for a session. */
export interface MintedSession {
  token: string;
  sessionId: string;
  /** When `token` stops being accepted. */
  expiresAt: Date;
  /** When the session itself ends (refresh no longer works). */
  sessionExpiresAt: Date;
}

/**
 * Creates a server-side session row and a signed token naming it.
 * Internal: callers must already hold proof of the user's identity.
 * Accepts a transaction, so a sign-in and the consumption of its proof commit together.
 */
export async function mintSession(
  db: Executor,
  secret: Uint8Array,
  clock: Clock,
  options: MintOptions,
): Promise<MintedSession> {
  const now = clock.now();
  const sessionExpiresAt = new Date(now.getTime() + options.ttlSeconds * 1000);
  const tokenTtl = Math.min(options.tokenTtlSeconds ?? options.ttlSeconds, options.ttlSeconds);
  const expiresAt = new Date(now.getTime() + tokenTtl * 1000);
  const sessionId = newId();
  const portalId = options.portalId ?? null;
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: options.userId,
      portal_id: portalId,
      kind: options.kind,
      preview_user_id: options.previewUserId ?? null,
      created_at: now.toISOString(),
      expires_at: sessionExpiresAt.toISOString(),
      revoked_at: null,
    })
    .execute();
  const token = await signSessionToken(secret, { sessionId, kind: options.kind, portalId }, now, expiresAt);
  return { token, sessionId, expiresAt, sessionExpiresAt };
}

async function signSessionToken(
  secret: Uint8Array,
  session: { sessionId: string; kind: string; portalId: string | null },
  issuedAt: Date,
  expiresAt: Date,
): Promise<string> {
  return new SignJWT({ sid: session.sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(audienceFor(session.kind, session.portalId))
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secret);
}

/** Widget tokens name the widget and their one portal; the rest name their portal or the whole account. */
function audienceFor(kind: string, portalId: string | null): string {
  const scope = portalId ? `portal:${portalId}` : 'account';
  return kind === 'widget' ? `widget:${scope}` : scope;
}

/** What a session token says once its signature and issuer are checked. */
interface TokenClaims {
  sid: unknown;
  aud: unknown;
  /** Seconds since the epoch. */
  exp: number;
}

/**
 * Tokens whose signatures have been checked, per secret; least recently used
 * dropped first. Claims depend on the token and secret alone; whether the
 * session still stands (revoked, expired) is read from the database on every
 * request, so a sign-out or revocation needs no invalidation here.
 */
const verifiedTokens = new WeakMap<Uint8Array, LRUCache<string, TokenClaims>>();
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * A token's claims if it is ours and unexpired, else null. Checking the
 * signature (WebCrypto, off the main thread) cost more than the rest of a
 * request's session work, and its outcome for a given token and secret never
 * changes, so it is remembered; only expiry depends on the time, and it is
 * checked on every call exactly as jose does. A token is a bearer credential
 * either way: remembering it adds no way in.
 */
async function verifiedClaims(secret: Uint8Array, clock: Clock, token: string): Promise<TokenClaims | null> {
  let known = verifiedTokens.get(secret);
  if (!known) verifiedTokens.set(secret, (known = new LRUCache({ max: VERIFIED_TOKENS_KEPT })));
  let claims = known.get(token);
  if (!claims) {
    try {
      const { payload } = await jwtVerify(token, secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: clock.now(),
      });
      if (typeof payload.exp !== 'number') return null;
      claims = { sid: payload.sid, aud: payload.aud, exp: payload.exp };
    } catch {
      return null;
    }
    known.set(token, claims);
  }
  return claims.exp <= Math.floor(clock.now().getTime() / 1000) ? null : claims;
}

const sessionViewerQuery = reusableQuery((db: Kysely<Database>, _shape: null, args: { sid: string }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', (j) => j.onRef('u.id', '=', (eb) => eb.fn.coalesce('s.preview_user_id', 's.user_id')))
    .select([
      's.id',
      's.portal_id',
      's.kind',
      's.expires_at',
      's.revoked_at',
      's.preview_user_id',
      'u.id as user_id',
      'u.role',
      'u.organization_id',
      'u.deactivated_at',
    ])
    .where('s.id', '=', args.sid),
);

/**
 * Checks a token's signature and that its session still stands (not revoked,
 * not expired), and says who it speaks for. Null for anything else.
 */
export async function resolveSession(
  db: Executor,
  secret: Uint8Array,
  clock: Clock,
  token: string,
): Promise<Viewer | null> {
  const claims = await verifiedClaims(secret, clock, token);
  if (!claims || typeof claims.sid !== 'string') return null;
  const [row] = await sessionViewerQuery(db, null, { sid: claims.sid });
  if (!row || row.revoked_at !== null || row.expires_at <= clock.now().toISOString()) return null;
  // Deactivation revokes sessions too; this covers any minted in a race with it.
  if (row.deactivated_at !== null) return null;
  if (claims.aud !== audienceFor(row.kind, row.portal_id)) return null;
  return {
    sessionId: row.id,
    userId: row.user_id,
    role: row.role as Role,
    organizationId: row.organization_id,
    portalId: row.portal_id,
    readOnly: row.kind === 'preview',
  };
}

/** Ends one session, or every session of its user. Takes effect on the next request. */
export async function revokeSessions(
  db: Executor,
  clock: Clock,
  target: { sessionId: string } | { userId: string },
): Promise<void> {
  const query = db
    .updateTable('sessions')
    .set({ revoked_at: clock.now().toISOString() })
    .where('revoked_at', 'is', null);
  await (
    'sessionId' in target ? query.where('id', '=', target.sessionId) : query.where('user_id', '=', target.userId)
  ).execute();
}

/** The session row behind a viewer: who really signed in, how and when. */
export async function findSession(db: Executor, sessionId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'kind', 'portal_id', 'created_at', 'expires_at', 'revoked_at'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
}

/**
 * Creates the one live refresh token of a widget session. Only its keyed hash
 * is stored; the widget keeps the token itself.
 */
export async function issueRefreshToken(
  db: Executor,
  secret: Uint8Array,
  sessionId: string,
  now: Date,
): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('refresh_tokens')
    .values({
      id: newId(),
      session_id: sessionId,
      token_hash: keyedHash(secret, 'refresh', token),
      created_at: now.toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** A renewed widget token pair. */
export interface RefreshedSession {
  token: string;
  refreshToken: string;
  expiresAt: Date;
}

/**
 * Trades a refresh token for a new bearer token and a new refresh token.
 * The old one is spent in one atomic UPDATE; presenting a spent one again
 * means it was copied, so the whole session is revoked. Null when refused.
 */
export async function rotateRefreshToken(
  db: Kysely<Database>,
  secret: Uint8Array,
  clock: Clock,
  refreshToken: string,
): Promise<RefreshedSession | null> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const hash = keyedHash(secret, 'refresh', refreshToken);
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('refresh_tokens')
      .set({ used_at: nowIso })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .returning('session_id')
      .executeTakeFirst();
    if (!spent) {
      const reused = await trx
        .selectFrom('refresh_tokens')
        .select('session_id')
        .where('token_hash', '=', hash)
        .executeTakeFirst();
      // Committed with the transaction even though the caller gets a refusal.
      if (reused) await revokeSessions(trx, clock, { sessionId: reused.session_id });
      return null;
    }
    const session = await findSession(trx, spent.session_id);
    if (!session || session.kind !== 'widget' || session.revoked_at !== null || session.expires_at <= nowIso)
      return null;
    const sessionEnd = Date.parse(session.expires_at);
    const expiresAt = new Date(Math.min(now.getTime() + WIDGET_TOKEN_TTL_SECONDS * 1000, sessionEnd));
    const token = await signSessionToken(
      secret,
      { sessionId: session.id, kind: session.kind, portalId: session.portal_id },
      now,
      expiresAt,
    );
    const next = await issueRefreshToken(trx, secret, session.id, now);
    return { token, refreshToken: next, expiresAt };
  });
}
