import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Viewer } from '../app-env.js';
import type { Database } from '../db/schema.js';
import type { PortalConfig } from '../portals/portal-config.js';

/** What the rule needs to know about who is looking. */
export type RuleViewer = Pick<Viewer, 'userId' | 'role' | 'organizationId'>;
/** What the rule needs to know about the portal they look through. */
export type RulePortal = Pick<PortalConfig, 'kind' | 'rules' | 'visibleTypeIds'>;

type TicketScope = ExpressionBuilder<Database, 'tickets'>;

/**
 * THE visibility rule (DESIGN.md "Visibility"): which tickets `viewer` may see
 * through `portal`. Every customer-facing query filters `tickets` with it:
 * lists, detail, messages, attachments, followers, time entries and events.
 *
 * Customer C (organization O) sees ticket T through portal P iff T.kind = P.kind,
 * T.type ∈ P.visibleTypes, and one of the enabled grants holds:
 *  (a) T.requester = C, or C follows T;
 *  (b) O is set, T.organization = O, T is not private;
 *  (c) T is not private and T.project is followed by C or by O.
 * Agents and admins see every ticket of the portal's kind.
 *
 * The grants are a union of id lists, each served by its own index, rather than
 * an OR across joins: the cost follows what C can see, not the table's size.
 */
export function visibleTickets(viewer: RuleViewer, portal: RulePortal) {
  return (eb: TicketScope): Expression<SqlBool> => {
    const kind = eb('tickets.kind', '=', portal.kind);
    if (viewer.role !== 'customer') return kind;
    const grants = grantedTicketIds(eb, viewer, portal);
    if (grants === null || portal.visibleTypeIds.length === 0) return sql<SqlBool>`1 = 0`;
    return eb.and([kind, eb('tickets.type_id', 'in', portal.visibleTypeIds), eb('tickets.id', 'in', grants)]);
  };
}

function grantedTicketIds(eb: TicketScope, viewer: RuleViewer, portal: RulePortal) {
  const { rules } = portal;
  const C = viewer.userId;
  const O = viewer.organizationId;
  const parts: SelectQueryBuilder<Database, 'tickets', { id: string }>[] = [];
  if (rules.ownOrFollowed) {
    parts.push(eb.selectFrom('tickets as own').select('own.id').where('own.requester_id', '=', C));
    parts.push(eb.selectFrom('ticket_followers as tf').select('tf.ticket_id as id').where('tf.user_id', '=', C));
  }
  if (rules.organization && O !== null) {
    parts.push(
      eb
        .selectFrom('tickets as org')
        .select('org.id')
        .where('org.organization_id', '=', O)
        .where('org.private', '=', 0),
    );
  }
  if (rules.followedProjects) {
    parts.push(
      eb
        .selectFrom('tickets as prj')
        .select('prj.id')
        .where('prj.private', '=', 0)
        .where('prj.project_id', 'in', (sub) =>
          sub
            .selectFrom('project_followers as pf')
            .select('pf.project_id')
            .where((w) => (O === null ? w('pf.user_id', '=', C) : w.or([w('pf.user_id', '=', C), w('pf.organization_id', '=', O)]))),
        ),
    );
  }
  const [first, ...rest] = parts;
  if (!first) return null;
  return rest.reduce((acc, part) => acc.union(part), first);
}
