import type { Executor } from '../db/executor.js';
import type { Role, Ticket } from '../db/schema.js';
import { enqueueNotifications, type Notification } from '../mail/outbox.js';
import type { NotificationCategory } from '../mail/templates.js';
import { listPortals, type Portal } from '../portals/portals.repository.js';
import { audienceOfRole, mayNotify } from '../visibility/internal.js';
import { visibleTicketIds } from '../visibility/visibility.js';

/** A ticket event as `recordEvent` stores it, with its row id. */
export interface RecordedTicketEvent {
  id: string;
  ticketId: string;
  actorId: string | null;
  type: string;
  data: Record<string, unknown>;
  internal?: boolean;
  now: string;
}

/**
 * What the caller already holds of the event's ticket, written in this same
 * transaction (a create): the row and its followers, so they are not read back.
 */
export interface KnownTicket {
  ticket?: Ticket;
  followerIds?: readonly string[];
}

/** The person a notification goes to, and what they are. */
interface Recipient {
  id: string;
  email: string;
  role: Role;
  organization_id: string | null;
}

/**
 * Turns a ticket event into outbox rows, inside the transaction that records
 * the event (so the change and its emails commit together). The rule
 * (PRODUCT.md "Notifications"): every update reaches the other side and
 * everyone who follows the ticket, whoever made it, except its author.
 *
 * - the customer side is the requester and every follower (staff followers
 *   included); the support side is the assignee, or every agent and admin when
 *   there is none;
 * - a customer's message (`customer_message`) or status change → the support
 *   side and the customer side;
 * - an agent's reply (`agent_reply`; also a message with no author) or status
 *   change → the customer side;
 * - a new ticket (`created`) → the support side and the requester (who hears
 *   of it when staff opened it for them); the followers named at creation
 *   (besides the requester) get the share email instead;
 * - an internal note (`internal_note`) → the assignee and the staff among the
 *   followers, never a customer (nobody when unassigned and unfollowed);
 * - a share (`follower_added`) → the people just added;
 * - nobody is emailed about their own action, nor twice about one event; any
 *   other event (property edits, time logged, files, follower removed)
 *   emails nobody.
 *
 * A customer is emailed only when some enabled portal shows them the ticket
 * (the first by creation whose kind and visible types fit and whose visibility
 * rule lets them see it): the email's link opens that portal.
 */
export async function notifyTicketEvent(
  trx: Executor,
  event: RecordedTicketEvent,
  known: KnownTicket = {},
): Promise<void> {
  const actor = event.actorId
    ? await trx.selectFrom('users').select(['id', 'role']).where('id', '=', event.actorId).executeTakeFirst()
    : undefined;
  const category = categoryOf(event, actor?.role ?? null);
  if (!category) return;

  const ticket =
    known.ticket ?? (await trx.selectFrom('tickets').selectAll().where('id', '=', event.ticketId).executeTakeFirst());
  if (!ticket) return;

  const ids = await recipientIds(trx, ticket, category, event, actor?.role ?? null);
  // People shared on a new ticket (followers other than the requester) hear of it as a share.
  const followerIds = async () =>
    known.followerIds ??
    (await trx.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', ticket.id).execute()).map(
      (f) => f.user_id,
    );
  const shared =
    category === 'created' ? (await followerIds()).filter((id) => id !== ticket.requester_id && !ids.has(id)) : [];
  const categoryFor = new Map<string, NotificationCategory>([
    ...[...ids].map((id) => [id, category] as const),
    ...shared.map((id) => [id, 'shared'] as const),
  ]);
  categoryFor.delete(event.actorId ?? '');
  if (categoryFor.size === 0) return;

  const people = await trx
    .selectFrom('users')
    .select(['id', 'email', 'role', 'organization_id'])
    .where('id', 'in', [...categoryFor.keys()])
    .orderBy('id')
    .execute();
  let portals: Portal[] | null = null;
  const notifications: Notification[] = [];
  for (const person of people) {
    const personCategory = categoryFor.get(person.id) ?? category;
    const audience = audienceOfRole(person.role);
    if (!mayNotify(audience, personCategory, event)) continue;
    if (audience === 'customer') {
      portals ??= await candidatePortals(trx, ticket);
      if (!(await portalShowing(trx, portals, person, ticket))) continue;
    }
    notifications.push({
      to: person.email,
      recipientUserId: person.id,
      payload: { ticketId: ticket.id, eventId: event.id, category: personCategory },
    });
  }
  await enqueueNotifications(trx, notifications, event.now);
}

/** Which rule an event falls under, given who did it; null when it emails nobody. */
export function categoryOf(
  event: Pick<RecordedTicketEvent, 'type' | 'internal'>,
  actorRole: Role | null,
): NotificationCategory | null {
  switch (event.type) {
    case 'message':
      if (event.internal) return 'internal_note';
      // A system-authored message (no actor) speaks for the support side.
      return actorRole === 'customer' ? 'customer_message' : 'agent_reply';
    case 'internal_note':
      return 'internal_note';
    case 'created':
      return 'created';
    case 'status_changed':
      return 'status_changed';
    case 'follower_added':
      return 'shared';
    default:
      return null;
  }
}

async function recipientIds(
  trx: Executor,
  ticket: Ticket,
  category: NotificationCategory,
  event: RecordedTicketEvent,
  actorRole: Role | null,
): Promise<Set<string>> {
  const followers = async () =>
    (await trx.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', ticket.id).execute()).map(
      (f) => f.user_id,
    );
  const customerSide = async () => [ticket.requester_id, ...(await followers())];
  const supportSide = async () => {
    if (ticket.assignee_id) return [ticket.assignee_id];
    const staff = await trx.selectFrom('users').select('id').where('role', 'in', ['agent', 'admin']).execute();
    return staff.map((s) => s.id);
  };
  switch (category) {
    case 'agent_reply':
      return new Set(await customerSide());
    case 'status_changed':
      return new Set([...(actorRole === 'customer' ? await supportSide() : []), ...(await customerSide())]);
    case 'customer_message':
      return new Set([...(await supportSide()), ...(await customerSide())]);
    case 'created':
      return new Set([...(await supportSide()), ticket.requester_id]);
    case 'internal_note': {
      const ids = [...(ticket.assignee_id ? [ticket.assignee_id] : []), ...(await followers())];
      if (ids.length === 0) return new Set();
      // Staff only: a customer is never even considered for an internal note.
      const staff = await trx
        .selectFrom('users')
        .select('id')
        .where('id', 'in', ids)
        .where('role', 'in', ['agent', 'admin'])
        .execute();
      return new Set(staff.map((s) => s.id));
    }
    case 'received': // queued by the inbound pipeline itself, never derived from an event
      return new Set();
    case 'shared': {
      const added = event.data.userIds;
      return new Set(Array.isArray(added) ? added.filter((id): id is string => typeof id === 'string') : []);
    }
  }
}

/** Enabled portals that could show `ticket` (kind and type fit), oldest first. */
export async function candidatePortals(trx: Executor, ticket: Pick<Ticket, 'kind' | 'type_id'>): Promise<Portal[]> {
  const portals = await listPortals(trx);
  return portals
    .filter(
      (p) => p.config.enabled && p.config.kind === ticket.kind && p.config.visibleTypeIds.includes(ticket.type_id),
    )
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.slug < b.slug ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}

/** The first of `portals` through which the visibility rule lets `person` see `ticket`, or null. */
export async function portalShowing(
  trx: Executor,
  portals: Portal[],
  person: Pick<Recipient, 'id' | 'role' | 'organization_id'>,
  ticket: Pick<Ticket, 'id'>,
): Promise<Portal | null> {
  const viewer = { userId: person.id, role: person.role, organizationId: person.organization_id };
  for (const portal of portals) {
    if ((await visibleTicketIds(trx, viewer, portal.config, [ticket.id])).size > 0) return portal;
  }
  return null;
}
