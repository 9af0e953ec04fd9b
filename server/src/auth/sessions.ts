import { jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Clock, Viewer } from '../app-env.js';
import { newId } from '../db/ids.js';
import type { Database, Role } from '../db/schema.js';

export type SessionKind = 'cookie' | 'widget' | 'preview' | 'internal';

const ISSUER = 'tickets-portal';

export interface MintOptions {
  userId: string;
  kind: SessionKind;
  /** Limit the session to one portal. */
  portalId?: string | null;
  /** For preview sessions: the customer whose view is borrowed. */
  previewUserId?: string | null;
  ttlSeconds: number;
}

/**
 * Creates a server-side session row and a signed token naming it.
 * Internal: callers must already hold proof of the user's identity.
 */
export async function mintSession(
  db: Kysely<Database>,
  secret: Uint8Array,
  clock: Clock,
  options: MintOptions,
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + options.ttlSeconds * 1000);
  const sessionId = newId();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: options.userId,
      portal_id: options.portalId ?? null,
      kind: options.kind,
      preview_user_id: options.previewUserId ?? null,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      revoked_at: null,
    })
    .execute();
  const token = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(audienceFor(options.portalId ?? null))
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secret);
  return { token, sessionId, expiresAt };
}

function audienceFor(portalId: string | null): string {
  return portalId ? `portal:${portalId}` : 'account';
}

/**
 * Checks a token's signature and that its session still stands (not revoked,
 * not expired), and says who it speaks for. Null for anything else.
 */
export async function resolveSession(
  db: Kysely<Database>,
  secret: Uint8Array,
  clock: Clock,
  token: string,
): Promise<Viewer | null> {
  let sid: unknown;
  let aud: unknown;
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      currentDate: clock.now(),
    });
    sid = payload.sid;
    aud = payload.aud;
  } catch {
    return null;
  }
  if (typeof sid !== 'string') return null;
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', (j) => j.onRef('u.id', '=', (eb) => eb.fn.coalesce('s.preview_user_id', 's.user_id')))
    .select(['s.id', 's.portal_id', 's.kind', 's.expires_at', 's.revoked_at', 's.preview_user_id', 'u.id as user_id', 'u.role', 'u.organization_id'])
    .where('s.id', '=', sid)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.expires_at <= clock.now().toISOString()) return null;
  if (aud !== audienceFor(row.portal_id)) return null;
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
  db: Kysely<Database>,
  clock: Clock,
  target: { sessionId: string } | { userId: string },
): Promise<void> {
  const query = db.updateTable('sessions').set({ revoked_at: clock.now().toISOString() }).where('revoked_at', 'is', null);
  await ('sessionId' in target ? query.where('id', '=', target.sessionId) : query.where('user_id', '=', target.userId)).execute();
}
