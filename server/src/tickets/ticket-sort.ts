import { sql, type RawBuilder } from 'kysely';
import type { Sort } from './tickets.schemas.js';
import { PRIORITIES, STATUSES } from './ticket-fields.js';

/** Rank of a status or priority in workflow order; the values are our own constants, so literals are safe. */
function rankCase(column: 'tickets.priority' | 'tickets.status', values: readonly string[]): RawBuilder<number> {
  const whens = values.map((v, i) => sql`when ${sql.lit(v)} then ${sql.lit(i + 1)}`);
  return sql<number>`(case ${sql.ref(column)} ${sql.join(whens, sql` `)} else 0 end)`;
}

/** The value a ticket list is ordered by (ties are broken by id); customer and admin lists share it. */
export function sortExpression(sort: Sort): RawBuilder<string | number> {
  switch (sort) {
    case 'created':
      return sql.ref<string>('tickets.created_at');
    case 'updated':
      return sql.ref<string>('tickets.updated_at');
    case 'priority':
      return rankCase('tickets.priority', PRIORITIES);
    case 'status':
      return rankCase('tickets.status', STATUSES);
  }
}
