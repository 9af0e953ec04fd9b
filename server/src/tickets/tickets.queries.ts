import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Viewer } from '../app-env.js';
import type { Database, Ticket } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import type { Portal } from '../portals/portals.repository.js';
import { visibleTickets, visibleTicketsByGrant } from '../visibility/visibility.js';
import { sortExpression } from './ticket-sort.js';
import { containsText } from './tickets.repository.js';
import type { ListQuery, Sort, TicketSummary } from './tickets.schemas.js';
import { CLOSED_STATUSES, type Priority, type Status } from './ticket-fields.js';

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
      // Only what this list hands out: small integer ranks, or timestamps and ids
      // without NUL; anything else would reach the database as an odd parameter
      // (PostgreSQL refuses 1e308 as an integer and NUL in text: a 500, not a 400).
      const fine = (s: string) => s.length <= 100 && !s.includes('\u0000');
      if (fine(id) && ((numeric && Number.isSafeInteger(value) && Math.abs(value as number) <= 1000) || (!numeric && typeof value === 'string' && fine(value)))) {
        return [value as CursorValue, id];
      }
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
        // An id list rather than a correlated EXISTS: the follows index can then drive the query.
        eb('tickets.id', 'in', eb.selectFrom('ticket_followers as vf').select('vf.ticket_id').where('vf.user_id', '=', viewer.userId)),
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
  const direction = desc ? 'desc' : 'asc';
  const q = query.q?.trim();
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const pageFilter = (eb: TicketScope): Expression<SqlBool> => {
    const filters: Expression<SqlBool>[] = [];
    const view = viewFilter(eb, query.view, viewer);
    if (view) filters.push(view);
    if (q) filters.push(searchFilter(eb, q));
    if (cursor) {
      const [value, id] = cursor;
      const op = desc ? '<' : '>';
      // The first term alone bounds an index range; the second breaks ties by id.
      filters.push(eb(sortBy, desc ? '<=' : '>=', value));
      filters.push(eb.or([eb(sortBy, op, value), eb('tickets.id', op, id)]));
    }
    return eb.and(filters);
  };

  // The first page of each grant, each read in order from its own index, then
  // merged below: the true page is always among them, and the cost follows
  // the page size rather than how many tickets the viewer can see. Views of
  // the viewer's own or followed tickets need none of this: their own index
  // already bounds the search to that person's tickets.
  const grants = visibleTicketsByGrant(viewer, portal.config);
  if (grants.length === 0) return { items: [], nextCursor: null };
  const personalView = query.view === 'my_open' || query.view === 'my_closed' || query.view === 'followed';
  const firstPages = grants.map((grant, i) =>
    db
      .selectFrom(
        db
          .selectFrom('tickets')
          .select('tickets.id')
          .where(grant)
          .where(pageFilter)
          .orderBy(sortBy, direction)
          .orderBy('tickets.id', direction)
          .limit(query.limit + 1)
          .as(`g${i}`),
      )
      .select(`g${i}.id`),
  );
  const candidates = firstPages.slice(1).reduce((acc, page) => acc.unionAll(page), firstPages[0]!);

  const rows = await db
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
    .$if(!personalView, (qb) => qb.where('tickets.id', 'in', candidates))
    .where(visibleTickets(viewer, portal.config))
    .where(pageFilter)
    .orderBy(sortBy, direction)
    .orderBy('tickets.id', direction)
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
