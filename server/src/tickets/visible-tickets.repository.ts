import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Viewer } from '../app-env.js';
import { reusableQuery } from '../db/reusable-query.js';
import type { Database, Ticket } from '../db/schema.js';
import type { Portal } from '../portals/portals.repository.js';
import {
  ruleInputs,
  ruleParts,
  visibleTickets,
  visibleTicketsByGrant,
  type RuleArgs,
  type RuleShape,
} from '../visibility/visibility.js';
import { decodeListCursor, defaultOrder, encodeListCursor, sortExpression, type CursorValue } from './ticket-sort.js';
import { containsText } from './tickets.repository.js';
import type { ListQuery, Sort, TicketSummary } from './tickets.schemas.js';
import { CLOSED_STATUSES, type Priority, type Status } from './ticket-fields.js';

type TicketScope = ExpressionBuilder<Database, 'tickets'>;

const visibleTicketQuery = reusableQuery((db: Kysely<Database>, shape: RuleShape, args: RuleArgs & { id: string }) => {
  const { viewer, portal } = ruleInputs(shape, args);
  return db
    .selectFrom('tickets')
    .selectAll('tickets')
    .where('tickets.id', '=', args.id)
    .where(visibleTickets(viewer, portal));
});

/** The one ticket `viewer` may see through `portal`, or null: forbidden and missing are the same. */
export async function findVisibleTicket(
  db: Kysely<Database>,
  viewer: Viewer,
  portal: Portal,
  id: string,
): Promise<Ticket | null> {
  const { shape, args } = ruleParts(viewer, portal.config);
  const [row] = await visibleTicketQuery(db, shape, { ...args, id });
  return row ?? null;
}

/** What decides the list query's form; each distinct shape is built and compiled once. */
interface ListShape extends RuleShape {
  view: 'all' | 'my_open' | 'my_closed' | 'followed' | 'type';
  sort: Sort;
  desc: boolean;
  search: 'none' | 'text' | 'text-or-number';
  cursor: boolean;
  /**
   * Rows to read (a page and one more, whose presence says there is a next
   * page). Written into the SQL rather than bound: SQLite plans a known LIMIT
   * far better (about a third faster here).
   */
  limit: number;
}

/** The values bound into a list query: unused ones are simply not placed. */
type ListArgs = RuleArgs & {
  typeKey: string;
  pattern: string;
  number: number;
  cursorValue: string | number;
  cursorId: string;
};

function viewFilter(
  eb: TicketScope,
  view: ListShape['view'],
  args: Pick<ListArgs, 'userId' | 'typeKey'>,
): Expression<SqlBool> | null {
  const closed = [...CLOSED_STATUSES];
  switch (view) {
    case 'all':
      return null;
    case 'my_open':
      return eb.and([eb('tickets.requester_id', '=', args.userId), eb('tickets.status', 'not in', closed)]);
    case 'my_closed':
      return eb.and([eb('tickets.requester_id', '=', args.userId), eb('tickets.status', 'in', closed)]);
    case 'followed':
      return eb.and([
        eb('tickets.requester_id', '!=', args.userId),
        // An id list rather than a correlated EXISTS: the follows index can then drive the query.
        eb(
          'tickets.id',
          'in',
          eb.selectFrom('ticket_followers as vf').select('vf.ticket_id').where('vf.user_id', '=', args.userId),
        ),
      ]);
    case 'type':
      return eb(
        'tickets.type_id',
        '=',
        eb.selectFrom('ticket_types').select('ticket_types.id').where('ticket_types.key', '=', args.typeKey),
      );
  }
}

function searchFilter(eb: TicketScope, shape: ListShape, args: ListArgs): Expression<SqlBool> {
  const matches: Expression<SqlBool>[] = [
    sql<SqlBool>`lower(${sql.ref('tickets.title')}) like ${args.pattern} escape '\\'`,
    sql<SqlBool>`lower(${sql.ref('tickets.description')}) like ${args.pattern} escape '\\'`,
  ];
  if (shape.search === 'text-or-number') matches.push(eb('tickets.number', '=', args.number));
  return eb.or(matches);
}

/**
 * The list as one query. The first page of each grant is read in order from
 * its own index (for the created and updated sorts, the requester,
 * organization and project indexes cover it: no table reads), and the pages
 * are merged into the true page, whose rows alone are then read and checked
 * against the whole rule once more. The cost follows the page size rather
 * than how many tickets the viewer can see. Views of the viewer's own or
 * followed tickets need none of this: their own index already bounds the
 * search to that person's tickets.
 */
const listQuery = reusableQuery((db: Kysely<Database>, shape: ListShape, args: ListArgs) => {
  const sortBy = sortExpression(shape.sort);
  const direction = shape.desc ? 'desc' : 'asc';
  const { viewer, portal } = ruleInputs(shape, args);
  const pageFilter = (eb: TicketScope): Expression<SqlBool> => {
    const filters: Expression<SqlBool>[] = [];
    const view = viewFilter(eb, shape.view, args);
    if (view) filters.push(view);
    if (shape.search !== 'none') filters.push(searchFilter(eb, shape, args));
    if (shape.cursor) {
      const op = shape.desc ? '<' : '>';
      // The first term alone bounds an index range; the second breaks ties by id.
      filters.push(eb(sortBy, shape.desc ? '<=' : '>=', args.cursorValue));
      filters.push(eb.or([eb(sortBy, op, args.cursorValue), eb('tickets.id', op, args.cursorId)]));
    }
    return eb.and(filters);
  };
  const grants = visibleTicketsByGrant(viewer, portal);
  const personalView = isPersonal(shape.view);
  const firstPages = grants.map((grant, i) =>
    db
      .selectFrom(
        db
          .selectFrom('tickets')
          .select(['tickets.id', sortBy.as('sort_value')])
          .where(grant)
          .where(pageFilter)
          .orderBy(sortBy, direction)
          .orderBy('tickets.id', direction)
          .limit(sql.lit(shape.limit))
          .as(`g${i}`),
      )
      .select([`g${i}.id`, `g${i}.sort_value`]),
  );
  // UNION, not UNION ALL: a ticket two grants both reach counts once.
  const merged = firstPages.slice(1).reduce((acc, page) => acc.union(page), firstPages[0]!);
  const candidates = db
    .selectFrom(merged.as('merged'))
    .select('merged.id')
    .orderBy('merged.sort_value', direction)
    .orderBy('merged.id', direction)
    .limit(sql.lit(shape.limit));

  return db
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
    .where(visibleTickets(viewer, portal))
    .where(pageFilter)
    .orderBy(sortBy, direction)
    .orderBy('tickets.id', direction)
    .limit(sql.lit(shape.limit));
});

/** Views of the viewer's own or followed tickets, which their own index already bounds. */
function isPersonal(view: ListShape['view']): boolean {
  return view === 'my_open' || view === 'my_closed' || view === 'followed';
}

function viewOf(view: string): ListShape['view'] {
  return view === 'all' || view === 'my_open' || view === 'my_closed' || view === 'followed' ? view : 'type';
}

/** One page of the tickets `viewer` may see through `portal`, filtered, searched and sorted. */
export async function listVisibleTickets(
  db: Kysely<Database>,
  viewer: Viewer,
  portal: Portal,
  query: ListQuery,
): Promise<{ items: TicketSummary[]; nextCursor: string | null }> {
  const { config } = portal;
  const q = query.q?.trim() ?? '';
  const order = query.order ?? defaultOrder(query.sort);
  const cursor = query.cursor ? decodeListCursor(query.cursor, query.sort, order) : null;
  const number = /^#?(\d{1,9})$/.exec(q)?.[1];
  if (visibleTicketsByGrant(viewer, config).length === 0) return { items: [], nextCursor: null };
  const rule = ruleParts(viewer, config);
  const shape: ListShape = {
    ...rule.shape,
    view: viewOf(query.view),
    sort: query.sort,
    desc: order === 'desc',
    search: q === '' ? 'none' : number ? 'text-or-number' : 'text',
    cursor: cursor !== null,
    limit: query.limit + 1,
  };
  const rows = await listQuery(db, shape, {
    ...rule.args,
    typeKey: query.view.startsWith('type:') ? query.view.slice('type:'.length) : '',
    pattern: containsText(q),
    number: Number(number ?? 0),
    cursorValue: cursor?.[0] ?? '',
    cursorId: cursor?.[1] ?? '',
  });
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
    nextCursor:
      rows.length > query.limit && last
        ? encodeListCursor(query.sort, order, sortValue(last.sort_value, query.sort), last.id)
        : null,
  };
}

function sortValue(value: unknown, sort: Sort): CursorValue {
  // pg hands numbers from CASE back as strings; dates stay strings on both.
  if (sort === 'priority' || sort === 'status') return Number(value);
  return typeof value === 'string' ? value : String(value);
}

/** Views count up to this many tickets; past it a view says "99+". */
export const VIEW_COUNT_CAP = 99;

interface CountShape extends RuleShape {
  views: ListShape['view'][];
}

/** The rule's values, and each view's type key ('' for a view that is not a type's), by position. */
type CountArgs = RuleArgs & { typeKeys: readonly string[] };

/**
 * Each view's count in one statement, one scalar subquery per view. A count
 * reads at most `VIEW_COUNT_CAP + 1` ids per grant, through the same indexes
 * as the list's first page (a personal view, the viewer's own rows), so it
 * costs about what a first page of 100 costs, whatever the viewer can see.
 * The union of the grants is exactly the visibility rule (see
 * `visibleTicketsByGrant`): when the merged count stays under the cap, no
 * grant was cut short and the count is exact.
 */
const countQuery = reusableQuery((db: Kysely<Database>, shape: CountShape, args: CountArgs) => {
  const { viewer, portal } = ruleInputs(shape, args);
  const grants = visibleTicketsByGrant(viewer, portal);
  const limit = sql.lit(VIEW_COUNT_CAP + 1);
  const counts = shape.views.map((view, v) => {
    const filter = (eb: TicketScope): Expression<SqlBool> =>
      viewFilter(eb, view, { userId: args.userId, typeKey: args.typeKeys[v] ?? '' }) ?? sql<SqlBool>`1 = 1`;
    const ids = isPersonal(view)
      ? db.selectFrom('tickets').select('tickets.id').where(visibleTickets(viewer, portal)).where(filter).limit(limit)
      : grants
          .map((grant, g) =>
            db
              .selectFrom(
                db.selectFrom('tickets').select('tickets.id').where(grant).where(filter).limit(limit).as(`g${v}_${g}`),
              )
              .select(`g${v}_${g}.id`),
          )
          // UNION, not UNION ALL: a ticket two grants both reach counts once.
          .reduce((acc, page) => acc.union(page));
    return db
      .selectFrom(ids.as(`c${v}`))
      .select((eb) => eb.fn.countAll().as('n'))
      .as(`v${v}`);
  });
  return db.selectNoFrom(counts);
});

/**
 * How many tickets `viewer` sees through `portal` in each of `views` (list
 * view keys: `all`, `my_open`, `type:<key>`…), each capped: `more` when there
 * are over `VIEW_COUNT_CAP` (then `count` is the cap).
 */
export async function countVisibleTickets(
  db: Kysely<Database>,
  viewer: Viewer,
  portal: Portal,
  views: readonly string[],
): Promise<{ view: string; count: number; more: boolean }[]> {
  if (views.length === 0) return [];
  if (visibleTicketsByGrant(viewer, portal.config).length === 0) {
    return views.map((view) => ({ view, count: 0, more: false }));
  }
  const rule = ruleParts(viewer, portal.config);
  const [row] = await countQuery(
    db,
    { ...rule.shape, views: views.map(viewOf) },
    { ...rule.args, typeKeys: views.map((v) => (v.startsWith('type:') ? v.slice('type:'.length) : '')) },
  );
  const values = row as Record<string, unknown> | undefined;
  return views.map((view, v) => {
    // pg answers count(*) as a string.
    const n = Number(values?.[`v${v}`] ?? 0);
    return { view, count: Math.min(n, VIEW_COUNT_CAP), more: n > VIEW_COUNT_CAP };
  });
}
