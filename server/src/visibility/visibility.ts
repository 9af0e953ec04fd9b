import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Viewer } from '../app-env.js';
import type { Executor } from '../db/executor.js';
import type { Database } from '../db/schema.js';
import type { PortalConfig } from '../portals/portal-config.js';

/** What the rule needs to know about who is looking. */
export type RuleViewer = Pick<Viewer, 'userId' | 'role' | 'organizationId'>;
/** What the rule needs to know about the portal they look through. */
export type RulePortal = Pick<PortalConfig, 'kind' | 'rules' | 'visibleTypeIds'>;

type TicketScope = ExpressionBuilder<Database, 'tickets'>;
/** A condition on the `tickets` row in scope. */
export type TicketCondition = (eb: TicketScope) => Expression<SqlBool>;

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
 * Each grant is a test on the ticket row that costs one index probe, so
 * checking a ticket (detail, messages, events) costs the same whatever C can
 * see. Lists do not scan with it: see `visibleTicketsByGrant`.
 */
export function visibleTickets(viewer: RuleViewer, portal: RulePortal): TicketCondition {
  return (eb) => {
    const rule = ruleFor(viewer, portal);
    if (rule === null) return sql<SqlBool>`1 = 0`;
    if (rule.grants.length === 0) return rule.scope(eb);
    return eb.and([rule.scope(eb), eb.or(rule.grants.map((grant) => grant(eb)))]);
  };
}

/** Which of `ids` the visibility rule lets `viewer` see through a portal of `portal` config (live updates, notifications). */
export async function visibleTicketIds(
  db: Executor,
  viewer: RuleViewer,
  portal: RulePortal,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('tickets')
    .select('tickets.id')
    .where('tickets.id', 'in', ids)
    .where(visibleTickets(viewer, portal))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The same rule, one condition per grant: their union is exactly
 * `visibleTickets`, and each one alone is served by an index that yields its
 * tickets in creation order. A list takes the first page of each and merges
 * them, so a page costs the same at any table size; it still filters the
 * merged rows with `visibleTickets`, so these only ever narrow the search.
 * Empty when the viewer can see nothing.
 */
export function visibleTicketsByGrant(viewer: RuleViewer, portal: RulePortal): TicketCondition[] {
  const rule = ruleFor(viewer, portal);
  if (rule === null) return [];
  if (rule.grants.length === 0) return [rule.scope];
  return rule.grants.map((grant) => (eb: TicketScope) => eb.and([rule.scope(eb), grant(eb)]));
}

/** What about a viewer and portal decides the rule's SQL form (see `reusableQuery`). */
export interface RuleShape {
  role: RuleViewer['role'];
  hasOrganization: boolean;
  rules: RulePortal['rules'];
}

/** The values the rule binds into its SQL. */
export type RuleArgs = {
  userId: string;
  organizationId: string;
  kind: string;
  typeIds: readonly string[];
};

/** Splits a viewer and portal into the rule's shape and its bound values. */
export function ruleParts(viewer: RuleViewer, portal: RulePortal): { shape: RuleShape; args: RuleArgs } {
  return {
    shape: { role: viewer.role, hasOrganization: viewer.organizationId !== null, rules: portal.rules },
    args: {
      userId: viewer.userId,
      organizationId: viewer.organizationId ?? '',
      kind: portal.kind,
      typeIds: portal.visibleTypeIds,
    },
  };
}

/** The viewer and portal `ruleParts` split, put back together (inside a reusable query's build). */
export function ruleInputs(shape: RuleShape, args: RuleArgs): { viewer: RuleViewer; portal: RulePortal } {
  return {
    viewer: {
      userId: args.userId,
      role: shape.role,
      organizationId: shape.hasOrganization ? args.organizationId : null,
    },
    portal: { kind: args.kind as RulePortal['kind'], rules: shape.rules, visibleTypeIds: args.typeIds as string[] },
  };
}

interface Rule {
  /** What every visible ticket satisfies (kind, types). */
  scope: TicketCondition;
  /** Alternatives, at least one of which must hold; none means the scope alone decides (staff). */
  grants: TicketCondition[];
}

/** The rule for this viewer and portal, or null when it grants nothing at all. */
function ruleFor(viewer: RuleViewer, portal: RulePortal): Rule | null {
  const kind: TicketCondition = (eb) => eb('tickets.kind', '=', portal.kind);
  if (viewer.role !== 'customer') return { scope: kind, grants: [] };
  if (portal.visibleTypeIds.length === 0) return null;
  const scope: TicketCondition = (eb) => eb.and([kind(eb), eb('tickets.type_id', 'in', portal.visibleTypeIds)]);
  const { rules } = portal;
  const C = viewer.userId;
  const O = viewer.organizationId;
  const grants: TicketCondition[] = [];
  if (rules.ownOrFollowed) {
    grants.push((eb) => eb('tickets.requester_id', '=', C));
    grants.push((eb) =>
      eb(
        'tickets.id',
        'in',
        eb.selectFrom('ticket_followers as tf').select('tf.ticket_id').where('tf.user_id', '=', C),
      ),
    );
  }
  if (rules.organization && O !== null) {
    grants.push((eb) => eb.and([eb('tickets.organization_id', '=', O), eb('tickets.private', '=', 0)]));
  }
  if (rules.followedProjects) {
    grants.push((eb) =>
      eb.and([eb('tickets.private', '=', 0), eb('tickets.project_id', 'in', followedProjectIds(C, O))]),
    );
  }
  return grants.length === 0 ? null : { scope, grants };
}

/** The ids of the projects followed by customer C or by their organization O: grant (c), and where C may file. */
function followedProjectIds(C: string, O: string | null) {
  return expressionBuilder<Database, never>()
    .selectFrom('project_followers as pf')
    .select('pf.project_id')
    .where((w) =>
      O === null ? w('pf.user_id', '=', C) : w.or([w('pf.user_id', '=', C), w('pf.organization_id', '=', O)]),
    );
}

/** A condition on the `projects` row in scope. */
export type ProjectCondition = (eb: ExpressionBuilder<Database, 'projects'>) => Expression<SqlBool>;

/**
 * THE rule of which projects a viewer may file a ticket into: a customer, the
 * projects they or their organization follow (the same projects as grant (c));
 * staff, any.
 */
export function usableProjects(viewer: RuleViewer): ProjectCondition {
  if (viewer.role !== 'customer') return () => sql<SqlBool>`1 = 1`;
  return (eb) => eb('projects.id', 'in', followedProjectIds(viewer.userId, viewer.organizationId));
}
