import type { Kysely, Transaction } from 'kysely';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import { badRequest } from '../http/errors.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Lower-cased and trimmed: emails are matched case-insensitively everywhere. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Turns emails a customer wants to share a ticket with into customer ids.
 * Staff cannot be added this way (they see everything anyway). Unknown
 * addresses become new customers where the portal allows sign-up, joining
 * the organization that claims their domain.
 */
export async function resolveFollowerEmails(
  trx: Executor,
  emails: string[],
  options: { allowNew: boolean; fieldFor: (index: number) => string; now: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, raw] of emails.entries()) {
    const field = options.fieldFor(index);
    const email = normalizeEmail(raw);
    const user = await trx.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirst();
    if (user) {
      if (user.role !== 'customer') throw badRequest(field, 'this person cannot be added as a follower.');
      ids.push(user.id);
      continue;
    }
    if (!options.allowNew) throw badRequest(field, 'this person cannot be added as a follower.');
    const domain = email.split('@')[1] ?? '';
    const org = await trx.selectFrom('organizations').select('id').where('domain', '=', domain).executeTakeFirst();
    const id = newId();
    await trx
      .insertInto('users')
      .values({
        id,
        email,
        name: email.split('@')[0] ?? email,
        role: 'customer',
        organization_id: org?.id ?? null,
        locale: 'en',
        external_id: null,
        created_at: options.now,
      })
      .execute();
    ids.push(id);
  }
  return [...new Set(ids)];
}
