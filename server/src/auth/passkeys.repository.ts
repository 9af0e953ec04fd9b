import type { Insertable } from 'kysely';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';

/** What a WebAuthn challenge was issued for, as stored in `webauthn_challenges.purpose` (`login`: a passkey sign-in). */
export type ChallengePurpose = 'register' | 'login';

/** A passkey as its owner sees it listed. */
export interface PasskeySummary {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export type NewPasskey = Insertable<Database['passkeys']>;

/**
 * Deletes the stored challenge and says what it was for: first use wins, so a
 * replayed answer finds nothing. Run it on its own (not in a transaction that a
 * later failure could roll back).
 */
export async function takeChallenge(
  db: Executor,
  challenge: string,
  purpose: ChallengePurpose,
  now: string,
): Promise<{ user_id: string | null; portal_id: string | null } | null> {
  const row = await db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .returning(['user_id', 'portal_id', 'expires_at'])
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  return row;
}

/** Stores a challenge until `expiresAt`, dropping the expired ones first. */
export async function storeChallenge(
  db: Executor,
  challenge: string,
  purpose: ChallengePurpose,
  owner: { userId: string | null; portalId: string | null },
  now: Date,
  expiresAt: Date,
): Promise<void> {
  // Unanswered challenges pile up otherwise; the expiry index makes this cheap.
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now.toISOString()).execute();
  await db
    .insertInto('webauthn_challenges')
    .values({
      id: newId(),
      challenge,
      purpose,
      user_id: owner.userId,
      portal_id: owner.portalId,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
}

/** Who registers a passkey: the names the authenticator shows. */
export async function findRegistrant(
  db: Executor,
  userId: string,
): Promise<{ id: string; email: string; name: string }> {
  return db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** The credentials a user already has, so the authenticator does not register one twice. */
export async function listCredentials(
  db: Executor,
  userId: string,
): Promise<{ credential_id: string; transports: string | null }[]> {
  return db.selectFrom('passkeys').select(['credential_id', 'transports']).where('user_id', '=', userId).execute();
}

export async function credentialRegistered(db: Executor, credentialId: string): Promise<boolean> {
  return (
    (await db.selectFrom('passkeys').select('id').where('credential_id', '=', credentialId).executeTakeFirst()) !==
    undefined
  );
}

export async function insertPasskey(db: Executor, row: NewPasskey): Promise<void> {
  await db.insertInto('passkeys').values(row).execute();
}

/** The passkey a sign-in presents, with its owner; null for an unknown credential. */
export async function findPasskeyWithOwner(db: Executor, credentialId: string) {
  const passkey = await db
    .selectFrom('passkeys')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  if (!passkey) return null;
  const user = await db.selectFrom('users').selectAll().where('id', '=', passkey.user_id).executeTakeFirstOrThrow();
  return { passkey, user };
}

/**
 * Compare-and-set on the signature counter: of two uses racing with one
 * counter value, one loses (false).
 */
export async function advanceCounter(
  trx: Executor,
  passkeyId: string,
  expected: number,
  next: number,
  now: string,
): Promise<boolean> {
  const updated = await trx
    .updateTable('passkeys')
    .set({ counter: next, last_used_at: now })
    .where('id', '=', passkeyId)
    .where('counter', '=', expected)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function listPasskeys(db: Executor, userId: string): Promise<PasskeySummary[]> {
  return db
    .selectFrom('passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** One of the user's own passkeys; undefined for anyone else's. */
export async function findOwnPasskey(db: Executor, userId: string, id: string): Promise<PasskeySummary | undefined> {
  return db
    .selectFrom('passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function renamePasskey(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable('passkeys').set({ name }).where('id', '=', id).execute();
}

export async function deletePasskey(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('passkeys').where('id', '=', id).execute();
}
