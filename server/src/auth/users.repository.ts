import { sql } from 'kysely';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { User } from '../db/schema.js';

/** Finds a user by email, ignoring case. */
export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/**
 * Creates a customer for a self sign-up: named after their address, in the
 * organization that claims the address's domain if one does.
 */
export async function createCustomer(
  trx: Executor,
  input: { email: string; name?: string; locale: string; externalId?: string | null; now: string },
): Promise<User> {
  const domain = input.email.split('@')[1]?.toLowerCase() ?? '';
  const organization = domain
    ? await trx
        .selectFrom('organizations')
        .select('id')
        .where('domain', '=', domain)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  const user: User = {
    id: newId(),
    email: input.email,
    name: input.name ?? (input.email.split('@')[0] || input.email).slice(0, 120),
    role: 'customer',
    organization_id: organization?.id ?? null,
    locale: input.locale,
    external_id: input.externalId ?? null,
    created_at: input.now,
    deactivated_at: null,
  };
  await trx.insertInto('users').values(user).execute();
  return user;
}

/** The customer a host site's identity named before (`<host site id>:<sub>`). */
export async function findUserByExternalId(db: Executor, externalId: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

/** Ties an existing user to a host site's identity. */
export async function setExternalId(db: Executor, userId: string, externalId: string): Promise<void> {
  await db.updateTable('users').set({ external_id: externalId }).where('id', '=', userId).execute();
}
