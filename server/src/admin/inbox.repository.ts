import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { Database } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import { findPortalById, listPortals } from '../portals/portals.repository.js';
import type { PortalConfig } from '../portals/portal-config.js';
import { CLOSED_STATUSES } from '../tickets/ticket-fields.js';
import { contains } from './pagination.js';

/**
 * The console inbox's views, each a standing question an agent asks:
 * - `unassigned`: open work nobody has taken;
 * - `mine`: open work assigned to the asking agent;
 * - `open`: everything not resolved or closed;
 * - `waiting`: waiting on the customer (status `waiting`);
 * - `updated`: changed in the last `RECENT_DAYS` days, whatever the status;
 * - `closed`: resolved or closed.
 */
export const INBOX_VIEWS = ['unassigned', 'mine', 'open', 'waiting', 'updated', 'closed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** How far back the `updated` view looks. */
export const RECENT_DAYS = 7;

/** The filters the inbox list and its counts share (everything but view, sort and page). */
export interface InboxFilters {
  status?: string;
  priority?: string;
  kind?: 'ticket' | 'task';
  /** A staff user's id, or `none` for unassigned. */
  assigneeId?: string;
  requesterId?: string;
  organizationId?: string;
  typeId?: string;
  projectId?: string;
  /** Tickets a portal shows (its kind and visible types); resolved by `portalScope`. */
  portalId?: string;
  q?: string;
}

/** What a view depends on besides the ticket: who asks, when, and the portal filter's config. */
export interface InboxScope {
  viewerId: string;
  now: Date;
  /** The config of `filters.portalId`, read once by `portalScope`; null without a portal filter. */
  portal: PortalConfig | null;
}

const eb = expressionBuilder<Database, 'tickets'>();
const never = sql<SqlBool>`1 = 0`;

/** The portal named by a `portalId` filter; a 400 naming `portalId` when there is none. */
export async function portalScope(db: Kysely<Database>, portalId: string | undefined): Promise<PortalConfig | null> {
  if (!portalId) return null;
  const portal = await findPortalById(db, portalId);
  if (!portal) throw badRequest('portalId', 'no such portal.');
  return portal.config;
}

/**
 * The tickets a portal shows some customer: its kind and its visible types (the
 * part of the visibility rule that does not depend on who asks).
 */
function inPortal(config: PortalConfig): Expression<SqlBool> {
  if (config.visibleTypeIds.length === 0) return never;
  return eb.and([eb('tickets.kind', '=', config.kind), eb('tickets.type_id', 'in', config.visibleTypeIds)]);
}

/** The conditions of the filters, over the `tickets` table (joins may add other tables around it). */
export function filterConditions(filters: InboxFilters, scope: InboxScope): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (filters.status) out.push(eb('tickets.status', '=', filters.status));
  if (filters.priority) out.push(eb('tickets.priority', '=', filters.priority));
  if (filters.kind) out.push(eb('tickets.kind', '=', filters.kind));
  if (filters.assigneeId === 'none') out.push(eb('tickets.assignee_id', 'is', null));
  else if (filters.assigneeId) out.push(eb('tickets.assignee_id', '=', filters.assigneeId));
  if (filters.requesterId) out.push(eb('tickets.requester_id', '=', filters.requesterId));
  if (filters.organizationId) out.push(eb('tickets.organization_id', '=', filters.organizationId));
  if (filters.typeId) out.push(eb('tickets.type_id', '=', filters.typeId));
  if (filters.projectId) out.push(eb('tickets.project_id', '=', filters.projectId));
  if (scope.portal) out.push(inPortal(scope.portal));
  const q = filters.q?.trim();
  if (q) {
    const matches: Expression<SqlBool>[] = [contains('tickets.title', q), contains('tickets.description', q)];
    const number = /^#?(\d{1,9})$/.exec(q);
    if (number?.[1]) matches.push(eb('tickets.number', '=', Number(number[1])));
    out.push(eb.or(matches));
  }
  return out;
}

/** The condition of one view (see `INBOX_VIEWS`). */
export function viewCondition(view: InboxView, scope: InboxScope): Expression<SqlBool> {
  const open = eb('tickets.status', 'not in', CLOSED_STATUSES);
  switch (view) {
    case 'unassigned':
      return eb.and([open, eb('tickets.assignee_id', 'is', null)]);
    case 'mine':
      return eb.and([open, eb('tickets.assignee_id', '=', scope.viewerId)]);
    case 'open':
      return open;
    case 'waiting':
      return eb('tickets.status', '=', 'waiting');
    case 'updated':
      return eb('tickets.updated_at', '>=', new Date(scope.now.getTime() - RECENT_DAYS * 86_400_000).toISOString());
    case 'closed':
      return eb('tickets.status', 'in', CLOSED_STATUSES);
  }
}

/** How many tickets each view holds under the same filters, and how many match the filters at all. */
export async function countViews(
  db: Executor,
  filters: InboxFilters,
  scope: InboxScope,
): Promise<Record<InboxView | 'all', number>> {
  const conditions = filterConditions(filters, scope);
  const row = await db
    .selectFrom('tickets')
    .where((w) => w.and(conditions))
    .select((s) => [
      s.fn.countAll().as('all'),
      ...INBOX_VIEWS.map((view) =>
        s.fn.sum<number | string | null>(s.case().when(viewCondition(view, scope)).then(1).else(0).end()).as(view),
      ),
    ])
    .executeTakeFirstOrThrow();
  // PostgreSQL answers count and sum as text (bigint), SQLite as numbers; an empty table sums to null.
  const counts = { all: Number(row.all) } as Record<InboxView | 'all', number>;
  for (const view of INBOX_VIEWS) counts[view] = Number(row[view] ?? 0);
  return counts;
}

/** Most organizations the filter menu offers; past that the console asks by name. */
export const FILTER_ORGANIZATIONS_MAX = 500;

/** What the inbox's filter menus offer: portals, ticket types, staff to assign, organizations. */
export async function filterOptions(db: Kysely<Database>) {
  const [portals, types, staff, organizations] = await Promise.all([
    listPortals(db),
    db.selectFrom('ticket_types').select(['id', 'key', 'name']).orderBy('position').orderBy('id').execute(),
    db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role'])
      .where('role', 'in', ['agent', 'admin'])
      .orderBy('name')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .orderBy('name')
      .orderBy('id')
      .limit(FILTER_ORGANIZATIONS_MAX)
      .execute(),
  ]);
  return {
    portals: portals.map((p) => ({ id: p.id, slug: p.slug, name: p.config.name, kind: p.config.kind })),
    types,
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      email: s.email,
      role: s.role === 'admin' ? ('admin' as const) : ('agent' as const),
    })),
    organizations,
  };
}
