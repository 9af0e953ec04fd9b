import { createHash } from 'node:crypto';
import { newId } from '../db/ids.js';
import { keyedHash, randomCode, randomToken } from './secrets.js';
import type { Executor } from '../db/executor.js';

/** A sign-in email's code and link live this long. */
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;
/** A link in a ticket notification may be opened days later; it is still single use. */
export const NOTIFICATION_LINK_TTL_MS = 7 * 24 * 3600 * 1000;
/** An invitation waits for its reader as long as a notification link does. */
export const INVITATION_LINK_TTL_MS = NOTIFICATION_LINK_TTL_MS;
/** Wrong codes tolerated per emailed code; the next try is refused even with the right code. */
export const MAX_CODE_ATTEMPTS = 5;

export type SignInLinkPurpose = 'login' | 'notification' | 'invitation';

export interface SignInLinkRequest {
  /** Null: a staff link into the console (an invitation of an agent or admin). */
  portalId: string | null;
  portalSlug: string | null;
  email: string;
  /** Path inside the full-screen portal to open after sign-in, e.g. `/p/acme/tickets/<id>`. */
  next: string;
  /** Why the link exists: a sign-in email (stored as `login`, the value in login_tokens), `notification` (a ticket update email) or `invitation` (an admin invited them). */
  purpose: SignInLinkPurpose;
  now: string;
}

/** Addresses are compared and stored in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Where a staff sign-in without a portal lands: the support console. */
export const CONSOLE_HOME = '/console';

/** The page a sign-in opens by default: the portal's home, or the console for a portal-less (staff) sign-in. */
export function signInHome(slug: string | null): string {
  return slug === null ? CONSOLE_HOME : `/p/${encodeURIComponent(slug)}`;
}

/**
 * `next` when it is a plain path inside `/p/<slug>` (or inside `/console` when
 * `slug` is null), else that home. Anything that could leave it (another host,
 * `//`, backslashes, dot segments, encoded slashes or dots) falls back to the
 * home (SECURITY row 10).
 */
export function safeNextPath(next: string | null | undefined, slug: string | null): string {
  const home = signInHome(slug);
  if (!next || next.length > 500) return home;
  if (!/^[A-Za-z0-9\-._~/?=&%+]*$/.test(next)) return home;
  if (next !== home && !next.startsWith(`${home}/`) && !next.startsWith(`${home}?`)) return home;
  if (next.includes('//') || /(^|\/)\.{1,2}(\/|\?|$)/.test(next) || /%(2e|2f|5c|00)/i.test(next)) return home;
  return next;
}

/** Link tokens carry 256 random bits, so a plain SHA-256 is enough to store them. */
function linkHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function linkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/auth/link?token=${encodeURIComponent(token)}`;
}

/**
 * Creates a one-time sign-in link and returns its absolute URL (base `publicUrl`).
 * Only the token's hash is stored. `login` links live 10 minutes,
 * `notification` and `invitation` links 7 days; all work once.
 */
export async function issueSignInLink(trx: Executor, publicUrl: string, request: SignInLinkRequest): Promise<string> {
  const token = randomToken();
  const ttl =
    request.purpose === 'notification'
      ? NOTIFICATION_LINK_TTL_MS
      : request.purpose === 'invitation'
        ? INVITATION_LINK_TTL_MS
        : SIGN_IN_TTL_MS;
  await trx
    .insertInto('login_tokens')
    .values({
      id: newId(),
      portal_id: request.portalId,
      email: normalizeEmail(request.email),
      purpose: request.purpose,
      code_hash: null,
      link_hash: linkHash(token),
      attempts: 0,
      created_at: request.now,
      expires_at: new Date(Date.parse(request.now) + ttl).toISOString(),
      consumed_at: null,
      next_path: safeNextPath(request.next, request.portalSlug),
    })
    .execute();
  return linkUrl(publicUrl, token);
}

/** The code and link of one sign-in email. */
export interface IssuedSignIn {
  code: string;
  link: string;
  expiresAt: string;
}

/**
 * Issues the code and link of a sign-in email (one row, so using either spends
 * both). Earlier unused sign-in codes for the same address and portal stop
 * working: only the newest email counts. `portalId` null: a staff sign-in on
 * the console, whose link leads under `/console`.
 */
export async function issueSignInCode(
  trx: Executor,
  secret: Uint8Array,
  publicUrl: string,
  request: { portalId: string | null; portalSlug: string | null; email: string; next: string | null; now: string },
): Promise<IssuedSignIn> {
  const email = normalizeEmail(request.email);
  await trx
    .updateTable('login_tokens')
    .set({ expires_at: request.now })
    .where('portal_id', request.portalId === null ? 'is' : '=', request.portalId)
    .where('email', '=', email)
    .where('purpose', '=', 'login')
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', request.now)
    .execute();
  const id = newId();
  const code = randomCode();
  const token = randomToken();
  const expiresAt = new Date(Date.parse(request.now) + SIGN_IN_TTL_MS).toISOString();
  await trx
    .insertInto('login_tokens')
    .values({
      id,
      portal_id: request.portalId,
      email,
      purpose: 'login',
      code_hash: codeHash(secret, id, code),
      link_hash: linkHash(token),
      attempts: 0,
      created_at: request.now,
      expires_at: expiresAt,
      consumed_at: null,
      next_path: safeNextPath(request.next, request.portalSlug),
    })
    .execute();
  return { code, link: linkUrl(publicUrl, token), expiresAt };
}

// Bound to its row, so one code's hash says nothing about another row's.
function codeHash(secret: Uint8Array, rowId: string, code: string): string {
  return keyedHash(secret, `login-code:${rowId}`, code);
}

/** What a spent code or link proves: control of `email`, for `portalId` (null: the console, staff only). */
export interface ConsumedSignIn {
  portalId: string | null;
  email: string;
  purpose: SignInLinkPurpose;
  nextPath: string | null;
}

/**
 * Spends a link token in one atomic UPDATE: it works once, before it expires.
 * Null when unknown, expired or already used.
 */
export async function consumeLink(db: Executor, token: string, now: string): Promise<ConsumedSignIn | null> {
  const row = await db
    .updateTable('login_tokens')
    .set({ consumed_at: now })
    .where('link_hash', '=', linkHash(token))
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['portal_id', 'email', 'purpose', 'next_path'])
    .executeTakeFirst();
  return row
    ? { portalId: row.portal_id, email: row.email, purpose: row.purpose as SignInLinkPurpose, nextPath: row.next_path }
    : null;
}

/** Whether a known link can still sign in, or why not. */
export type LinkState = 'usable' | 'expired' | 'used';

/**
 * What a link token is, without spending it (the confirm page, and the page
 * that says why a link no longer works): its portal (null: a staff sign-in),
 * its state and the page it leads to. Null only for a token never issued.
 */
export async function peekLink(
  db: Executor,
  token: string,
  now: string,
): Promise<{ portalId: string | null; state: LinkState; nextPath: string | null } | null> {
  const row = await db
    .selectFrom('login_tokens')
    .select(['portal_id', 'consumed_at', 'expires_at', 'next_path'])
    .where('link_hash', '=', linkHash(token))
    .executeTakeFirst();
  if (!row) return null;
  // A spent link says "used" even once its time is also up: that is what happened to it first.
  const state: LinkState = row.consumed_at !== null ? 'used' : row.expires_at > now ? 'usable' : 'expired';
  return { portalId: row.portal_id, state, nextPath: row.next_path };
}

/**
 * Checks a typed code against the newest sign-in email for this address and
 * portal (`portalId` null: a console sign-in; a portal's code never matches it). Each try first takes one of the `MAX_CODE_ATTEMPTS` attempts in an
 * atomic UPDATE (so parallel guesses cannot exceed it), then the code is
 * spent in a second one. Null when refused.
 */
export async function consumeCode(
  db: Executor,
  secret: Uint8Array,
  request: { portalId: string | null; email: string; code: string; now: string },
): Promise<ConsumedSignIn | null> {
  const email = normalizeEmail(request.email);
  const { now } = request;
  const latest = await db
    .selectFrom('login_tokens')
    .select('id')
    .where('portal_id', request.portalId === null ? 'is' : '=', request.portalId)
    .where('email', '=', email)
    .where('purpose', '=', 'login')
    .where('code_hash', 'is not', null)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return null;
  const attempt = await db
    .updateTable('login_tokens')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', latest.id)
    .where('attempts', '<', MAX_CODE_ATTEMPTS)
    .where('consumed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!attempt) return null;
  const row = await db
    .updateTable('login_tokens')
    .set({ consumed_at: now })
    .where('id', '=', latest.id)
    .where('code_hash', '=', codeHash(secret, latest.id, request.code))
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['portal_id', 'email', 'purpose', 'next_path'])
    .executeTakeFirst();
  return row
    ? { portalId: row.portal_id, email: row.email, purpose: row.purpose as SignInLinkPurpose, nextPath: row.next_path }
    : null;
}
