import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RuleViewer } from './visibility.js';

/** A condition on the `users` row in scope. */
export type PersonCondition = (eb: ExpressionBuilder<Database, 'users'>) => Expression<SqlBool>;

/**
 * THE rule of whom a customer may learn of by name (contract C1): the other
 * customers of their own organization. A customer without an organization
 * knows of nobody; neither does a staff session here (the console has its
 * own people API). Every customer-facing read of people goes through it: the
 * people search, sharing by id, and the names a followers list shows.
 */
export function knownPeople(viewer: RuleViewer): PersonCondition {
  const organizationId = viewer.organizationId;
  if (viewer.role !== 'customer' || organizationId === null) return () => sql<SqlBool>`1 = 0`;
  return (eb) =>
    eb.and([
      eb('users.organization_id', '=', organizationId),
      eb('users.role', '=', 'customer'),
      eb('users.id', '!=', viewer.userId),
    ]);
}
