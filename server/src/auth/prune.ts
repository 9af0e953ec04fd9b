import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { pruneRateLimits } from './rate-limit.js';

/** How long ended sign-in records are kept after they stop mattering (for support questions). */
const GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes sign-in records that can never be used again: sessions that expired
 * or were revoked more than a day ago (their refresh tokens go with them),
 * spent or expired email codes and links, expired passkey challenges and old
 * rate-limit windows. Idempotent; `startServer` runs it at start-up and hourly.
 */
export async function pruneExpiredSignIns(db: Kysely<Database>, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - GRACE_MS).toISOString();
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
    .execute();
  await db
    .deleteFrom('login_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('consumed_at', '<', cutoff)]))
    .execute();
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<', now.toISOString()).execute();
  await pruneRateLimits(db, new Date(now.getTime() - GRACE_MS));
}
