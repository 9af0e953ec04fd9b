import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Viewer } from '../app-env.js';
import type { Database, Role } from '../db/schema.js';

/**
 * Who reads something: a customer, or the support side. Everything the
 * customer API, the widget's live updates and customers' emails show is read
 * as `customer`; only full staff sessions and staff emails read as `staff`.
 */
export type Audience = 'customer' | 'staff';

/** Agents and admins: the support side. */
export function isStaff(role: Role | null | undefined): boolean {
  return role === 'agent' || role === 'admin';
}

/**
 * The audience of a session: `staff` only for a full agent or admin session
 * (not a preview, not bound to a portal); anyone looking through a portal as
 * a customer would reads as `customer`.
 */
export function audienceOf(viewer: Pick<Viewer, 'role' | 'readOnly' | 'portalId'>): Audience {
  return isStaff(viewer.role) && !viewer.readOnly && viewer.portalId === null ? 'staff' : 'customer';
}

/** The audience of a person's emails: by their role. */
export function audienceOfRole(role: Role): Audience {
  return isStaff(role) ? 'staff' : 'customer';
}

/**
 * THE rule "internal notes never reach a customer" (SECURITY.md row 6), for
 * one row flagged `internal`: a message, a ticket event. Every other form
 * below (SQL on messages and attachments, notifications) is this rule.
 */
export function mayRead(audience: Audience, row: { internal?: number | boolean | null | undefined }): boolean {
  return audience === 'staff' || !(row.internal === true || Number(row.internal ?? 0) === 1);
}

/** A condition on the `messages` row in scope. */
export type MessageCondition = (eb: ExpressionBuilder<Database, 'messages'>) => Expression<SqlBool>;

/** The messages `audience` may read (`mayRead` in SQL): customers never get an internal note. */
export function readableMessages(audience: Audience): MessageCondition {
  if (audience === 'staff') return () => sql<SqlBool>`1 = 1`;
  return (eb) => eb('messages.internal', '=', 0);
}

/** A condition on the `attachments` row in scope. */
export type AttachmentCondition = (eb: ExpressionBuilder<Database, 'attachments'>) => Expression<SqlBool>;

/**
 * The attachments `audience` may read: a customer gets files on the ticket
 * itself and on messages they may read, never a file of an internal note.
 */
export function readableAttachments(audience: Audience): AttachmentCondition {
  if (audience === 'staff') return () => sql<SqlBool>`1 = 1`;
  return (eb) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('messages')
          .select('messages.id')
          .whereRef('messages.id', '=', 'attachments.message_id')
          .where('messages.internal', '=', 1),
      ),
    );
}

/**
 * Whether a notification of `category` about an event may be emailed to
 * `audience`: an internal note, or any internal event, never goes to a customer.
 */
export function mayNotify(
  audience: Audience,
  category: string,
  event: { internal?: number | boolean | null | undefined },
): boolean {
  return audience === 'staff' || (category !== 'internal_note' && mayRead(audience, event));
}
