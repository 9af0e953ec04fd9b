import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../db/executor.js';
import { containsText } from '../tickets/tickets.repository.js';
import { knownPeople } from '../visibility/people.js';
import type { RuleViewer } from '../visibility/visibility.js';

/** People `viewer` may know of (`knownPeople`) whose name or email contains `q`, by name, at most `limit`. */
export async function searchKnownPeople(db: Executor, viewer: RuleViewer, q: string, limit: number) {
  const pattern = containsText(q);
  return db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.email'])
    .where(knownPeople(viewer))
    .where((eb) =>
      eb.or([
        sql<SqlBool>`lower(${sql.ref('users.name')}) like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(${sql.ref('users.email')}) like ${pattern} escape '\\'`,
      ]),
    )
    .orderBy('users.name')
    .orderBy('users.id')
    .limit(limit)
    .execute();
}
