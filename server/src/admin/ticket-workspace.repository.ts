import type { Executor } from '../db/executor.js';
import type { Role } from '../db/schema.js';
import type { Status } from '../tickets/ticket-fields.js';

/**
 * The SQL behind the console's ticket page that the customer side has no use
 * for (followers with roles, history, presence's newest message, customer
 * context); time entries and follower writes are the tickets/ repositories'.
 * Functions take the database or a transaction first.
 */

/** A ticket's id, requester and when it last changed, or undefined when there is no such ticket. */
export function findTicketRef(db: Executor, id: string) {
  return db.selectFrom('tickets').select(['id', 'requester_id', 'updated_at']).where('id', '=', id).executeTakeFirst();
}

/** A user's id, name and role, or undefined. */
export function findUserRef(db: Executor, id: string) {
  return db.selectFrom('users').select(['id', 'name', 'role']).where('id', '=', id).executeTakeFirst();
}

export interface StaffFollower {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Everyone who follows the ticket, oldest first, with their role (staff see every name). */
export async function listStaffFollowers(db: Executor, ticketId: string): Promise<StaffFollower[]> {
  const rows = await db
    .selectFrom('ticket_followers as tf')
    .innerJoin('users as u', 'u.id', 'tf.user_id')
    .select(['u.id', 'u.name', 'u.email', 'u.role'])
    .where('tf.ticket_id', '=', ticketId)
    .orderBy('tf.created_at')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, role: r.role as Role }));
}

export interface HistoryRow {
  id: string;
  type: string;
  actor: { id: string; name: string } | null;
  internal: boolean;
  data: Record<string, unknown>;
  createdAt: string;
}

/** At most this many events of one ticket are listed (oldest dropped first). */
export const HISTORY_LIMIT = 500;

/** Every event of a ticket (internal ones too), oldest first: who did what, when. */
export async function listTicketHistory(db: Executor, ticketId: string): Promise<HistoryRow[]> {
  const rows = await db
    .selectFrom('ticket_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.type', 'e.data', 'e.internal', 'e.created_at', 'u.id as actor_id', 'u.name as actor_name'])
    .where('e.ticket_id', '=', ticketId)
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  return rows.reverse().map((r) => ({
    id: r.id,
    type: r.type,
    actor: r.actor_id !== null && r.actor_name !== null ? { id: r.actor_id, name: r.actor_name } : null,
    internal: Number(r.internal) === 1,
    data: parseObject(r.data),
    createdAt: r.created_at,
  }));
}

/** The newest message of a ticket (notes included), for the collision warning; undefined when none. */
export async function latestMessage(db: Executor, ticketId: string) {
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.created_at', 'm.internal', 'u.id as author_id', 'u.name as author_name'])
    .where('m.ticket_id', '=', ticketId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      createdAt: row.created_at,
      internal: Number(row.internal) === 1,
      author: { id: row.author_id, name: row.author_name },
    }
  );
}

export interface CustomerContext {
  requester: { id: string; name: string; email: string; role: Role; createdAt: string };
  organization: { id: string; name: string; domain: string | null } | null;
  recentTickets: { id: string; number: number; title: string; status: Status; updatedAt: string }[];
}

/** How many of the requester's other tickets the context lists. */
export const RECENT_TICKETS = 5;

/** The requester of a ticket, their organization and their other tickets, most recently updated first. */
export async function customerContext(
  db: Executor,
  ticket: { id: string; requester_id: string },
): Promise<CustomerContext | null> {
  const requester = await db
    .selectFrom('users as u')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.role',
      'u.created_at',
      'o.id as org_id',
      'o.name as org_name',
      'o.domain as org_domain',
    ])
    .where('u.id', '=', ticket.requester_id)
    .executeTakeFirst();
  if (!requester) return null;
  const recent = await db
    .selectFrom('tickets')
    .select(['id', 'number', 'title', 'status', 'updated_at'])
    .where('requester_id', '=', ticket.requester_id)
    .where('id', '!=', ticket.id)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(RECENT_TICKETS)
    .execute();
  return {
    requester: {
      id: requester.id,
      name: requester.name,
      email: requester.email,
      role: requester.role as Role,
      createdAt: requester.created_at,
    },
    organization:
      requester.org_id !== null && requester.org_name !== null
        ? { id: requester.org_id, name: requester.org_name, domain: requester.org_domain }
        : null,
    recentTickets: recent.map((r) => ({
      id: r.id,
      number: Number(r.number),
      title: r.title,
      status: r.status as Status,
      updatedAt: r.updated_at,
    })),
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
