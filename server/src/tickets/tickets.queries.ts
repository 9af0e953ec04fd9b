import { sql, type RawBuilder, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Viewer } from '../app-env.js';
import type { Database, Ticket } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import type { Portal } from '../portals/portals.repository.js';
import { visibleTickets } from '../visibility/visibility.js';
import { containsText } from './tickets.repository.js';
import type { ListQuery, Sort, TicketSummary } from './tickets.schemas.js';
import { CLOSED_STATUSES, PRIORITIES, STATUSES, type Priority, type Status } from './ticket-fields.js';

type TicketScope = ExpressionBuilder<Database, 'tickets'>;

/** The one ticket `viewer` may see through `portal`, or null: forbidden and missing are the same. */
export async function findVisibleTicket(
  db: Kysely<Database>,
  viewer: Viewer,
  portal: Portal,
  id: string,
): Promise<Ticket | null> {
  const row = await db
    .selectFrom('tickets')
    .selectAll('tickets')
    .where('tickets.id', '=', id)
    .where(visibleTickets(viewer, portal.config))
    .executeTakeFirst();
  return row ?? null;
}

function rankCase(column: 'tickets.priority' | 'tickets.status', values: readonly string[]) {
  const whens = values.map((v, i) => sql`when ${v} then ${i + 1}`);
  return sql<number>`(case ${sql.ref(column)} ${sql.join(whens, sql` `)} else 0 end)`;
}

function sortExpression(sort: Sort): RawBuilder<string | number> {
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

type CursorValue = string | number;

function encodeCursor(value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: Sort): [CursorValue, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [value, id] = parsed as [unknown, string];
      const numeric = sort === 'priority' || sort === 'status';
      if ((numeric && typeof value === 'number') || (!numeric && typeof value === 'string')) return [value, id];
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('cursor', 'is not a cursor this list handed out.');
}

function viewFilter(eb: TicketScope, view: string, viewer: Viewer): Expression<SqlBool> | null {
  const closed = [...CLOSED_STATUSES];
  switch (view) {
    case 'all':
      return null;
    case 'my_open':
      return eb.and([eb('tickets.requester_id', '=', viewer.userId), eb('tickets.status', 'not in', closed)]);
    case 'my_closed':
      return eb.and([eb('tickets.requester_id', '=', viewer.userId), eb('tickets.status', 'in', closed)]);
    case 'followed':
      return eb.and([
        eb('tickets.requester_id', '!=', viewer.userId),
        eb.exists(
          eb
            .selectFrom('ticket_followers as vf')
            .select('vf.ticket_id')
            .whereRef('vf.ticket_id', '=', 'tickets.id')
            .where('vf.user_id', '=', viewer.userId),
        ),
      ]);
    default: {
      const key = view.slice('type:'.length);
      return eb('tickets.type_id', '=', eb.selectFrom('ticket_types').select('ticket_types.id').where('ticket_types.key', '=', key));
    }
  }
}

function searchFilter(eb: TicketScope, q: string): Expression<SqlBool> {
  const pattern = containsText(q);
  const matches: Expression<SqlBool>[] = [
    sql<SqlBool>`lower(${sql.ref('tickets.title')}) like ${pattern} escape '\\'`,
    sql<SqlBool>`lower(${sql.ref('tickets.description')}) like ${pattern} escape '\\'`,
  ];
  const number = /^#?(\d{1,9})$/.exec(q.trim());
  if (number?.[1]) matches.push(eb('tickets.number', '=', Number(number[1])));
  return eb.or(matches);
}

/** One page of the tickets `viewer` may see through `portal`, filtered, searched and sorted. */
export async function listVisibleTickets(
  db: Kysely<Database>,
  viewer: Viewer,
  portal: Portal,
  query: ListQuery,
): Promise<{ items: TicketSummary[]; nextCursor: string | null }> {
  const sortBy = sortExpression(query.sort);
  const desc = query.order === 'desc';
  let select = db
    .selectFrom('tickets')
    .innerJoin('ticket_types', 'ticket_types.id', 'tickets.type_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.title',
      'tickets.status',
      'tickets.priority',
      'tickets.private',
      'tickets.created_at',
      'tickets.updated_at',
      'ticket_types.id as type_id',
      'ticket_types.key as type_key',
      'ticket_types.name as type_name',
    ])
    .select(sortBy.as('sort_value'))
    .where(visibleTickets(viewer, portal.config));

  const q = query.q?.trim();
  select = select.where((eb) => {
    const filters: Expression<SqlBool>[] = [];
    const view = viewFilter(eb, query.view, viewer);
    if (view) filters.push(view);
    if (q) filters.push(searchFilter(eb, q));
    if (query.cursor) {
      const [value, id] = decodeCursor(query.cursor, query.sort);
      const op = desc ? '<' : '>';
      filters.push(eb.or([eb(sortBy, op, value), eb.and([eb(sortBy, '=', value), eb('tickets.id', op, id)])]));
    }
    return eb.and(filters);
  });

  const rows = await select
    .orderBy(sortBy, desc ? 'desc' : 'asc')
    .orderBy('tickets.id', desc ? 'desc' : 'asc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      number: Number(r.number),
      title: r.title,
      status: r.status as Status,
      priority: r.priority as Priority,
      type: { id: r.type_id, key: r.type_key, name: r.type_name },
      private: Number(r.private) === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(sortValue(last.sort_value), last.id) : null,
  };
}

function sortValue(value: unknown): CursorValue {
  // pg hands numbers from CASE back as strings; dates stay strings on both.
  return typeof value === 'number' || typeof value === 'string' ? value : String(value);
}
