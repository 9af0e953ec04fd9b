import type { Executor } from '../db/executor.js';
import { createCustomer } from '../auth/users.repository.js';
import { ApiError, badRequest } from '../http/errors.js';
import { knownPeople } from '../visibility/people.js';
import type { RuleViewer } from '../visibility/visibility.js';

/** Lower-cased and trimmed: emails are matched case-insensitively everywhere. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Someone a ticket is shared with: an address typed in, or a colleague picked from the people search. */
export type ShareTarget = { email: string } | { userId: string };

/**
 * Turns the people a customer shares a ticket with into customer ids,
 * revealing nothing about who exists (contract C1):
 *
 * - by `userId`: only a member of the viewer's own organization (the rule of
 *   `visibility/people.ts`); any other id answers exactly like an unknown one,
 *   404 naming the field;
 * - by `email`, where the portal allows self sign-up: any customer, and an
 *   unknown address becomes a new customer (in the organization that claims
 *   its domain), so a known and an unknown address get the same answer; the
 *   followers list then shows anyone outside the viewer's organization by
 *   address, never by a name the viewer typed no part of;
 * - by `email`, where it does not: only a member of the viewer's own
 *   organization; every other address, known or not, gets the same 400;
 * - staff cannot be added (they see everything anyway): 400.
 *
 * Agents and admins acting through a portal may add any customer by address.
 */
export async function resolveShareTargets(
  trx: Executor,
  viewer: RuleViewer,
  targets: ShareTarget[],
  options: { allowNew: boolean; fieldFor: (index: number, target: ShareTarget) => string; now: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, target] of targets.entries()) {
    const field = options.fieldFor(index, target);
    if ('userId' in target) {
      const colleague = await trx
        .selectFrom('users')
        .select('id')
        .where('users.id', '=', target.userId)
        .where(knownPeople(viewer))
        .executeTakeFirst();
      if (!colleague) throw new ApiError(404, 'not_found', 'No such person.', field);
      ids.push(colleague.id);
      continue;
    }
    const email = normalizeEmail(target.email);
    if (!options.allowNew && viewer.role === 'customer') {
      const colleague = await trx
        .selectFrom('users')
        .select('id')
        .where('users.email', '=', email)
        .where(knownPeople(viewer))
        .executeTakeFirst();
      if (!colleague) throw badRequest(field, 'this portal shares tickets only with people of your organization.');
      ids.push(colleague.id);
      continue;
    }
    const user = await trx.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirst();
    if (user) {
      if (user.role !== 'customer') throw badRequest(field, 'this person cannot be added as a follower.');
      ids.push(user.id);
      continue;
    }
    if (!options.allowNew) throw badRequest(field, 'this person cannot be added as a follower.');
    ids.push((await createCustomer(trx, { email, locale: 'en', now: options.now })).id);
  }
  return [...new Set(ids)];
}

/**
 * Which of `userIds` a viewer may see by name in a followers list: themself,
 * the ticket's requester (named on the ticket anyway) and the people of
 * `knownPeople`; everyone for staff.
 */
export async function namesShownTo(
  db: Executor,
  viewer: RuleViewer,
  requesterId: string,
  userIds: string[],
): Promise<Set<string>> {
  if (viewer.role !== 'customer') return new Set(userIds);
  const shown = new Set([viewer.userId, requesterId].filter((id) => userIds.includes(id)));
  const others = userIds.filter((id) => !shown.has(id));
  if (others.length === 0) return shown;
  const known = await db
    .selectFrom('users')
    .select('id')
    .where('users.id', 'in', others)
    .where(knownPeople(viewer))
    .execute();
  for (const { id } of known) shown.add(id);
  return shown;
}
