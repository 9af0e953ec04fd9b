import { sql, type Kysely } from 'kysely';
import { onPostgres, type Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import { reusableQuery } from '../db/reusable-query.js';
import type { Database, Flag, Ticket, TicketEventsTable, TicketKind, TicketsTable } from '../db/schema.js';
import type { Viewer } from '../app-env.js';
import { notifyTicketEvent, type KnownTicket } from '../notifications/notify.js';
import { usableProjects } from '../visibility/visibility.js';

/**
 * Hands out the next human-friendly ticket number. Run inside the transaction
 * that inserts the ticket, so a number is never given twice.
 *
 * - SQLite: a counter row, so numbers have no gaps (one writer at a time, so
 *   its lock costs nothing).
 * - PostgreSQL: a sequence. A counter row would be locked from here to the
 *   COMMIT, and every create on every instance waited in line for it: at 50
 *   concurrent creates, most backends stood waiting on that one lock. A create
 *   that rolls back leaves a gap in the numbers.
 */
export async function nextTicketNumber(trx: Executor): Promise<number> {
  const [row] = onPostgres(trx)
    ? await nextFromSequenceQuery(trx, null, {})
    : await nextFromCounterQuery(trx, null, {});
  return Number(row!.value);
}

/** The number the last ticket was given (0 before the first). */
export async function lastTicketNumber(db: Executor): Promise<number> {
  if (onPostgres(db)) {
    const { rows } = await sql<{ value: string }>`
      select case when is_called then last_value else last_value - 1 end as value from ticket_numbers`.execute(db);
    return Number(rows[0]!.value);
  }
  const row = await db.selectFrom('counters').select('value').where('name', '=', 'ticket_number').executeTakeFirst();
  return Number(row?.value ?? 0);
}

/** Makes `last` the number the last ticket was given (after tickets were written in bulk). */
export async function setLastTicketNumber(db: Executor, last: number): Promise<void> {
  if (onPostgres(db)) {
    // is_called false with last + 1: the first number handed out is last + 1, also when last is 0.
    await sql`select setval('ticket_numbers', ${last + 1}, false)`.execute(db);
    return;
  }
  await db
    .insertInto('counters')
    .values({ name: 'ticket_number', value: last })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: last }))
    .execute();
}

// One upsert, not update-then-insert: two first tickets created at once would
// otherwise both insert the missing counter row and one would fail.
const nextFromCounterQuery = reusableQuery((db: Kysely<Database>, _shape: null, _args: Record<string, never>) =>
  db
    .insertInto('counters')
    .values({ name: 'ticket_number', value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb(eb.ref('counters.value'), '+', 1) })))
    .returning('value'),
);

const nextFromSequenceQuery = reusableQuery((db: Kysely<Database>, _shape: null, _args: Record<string, never>) =>
  db.selectNoFrom(sql<string>`nextval('ticket_numbers')`.as('value')),
);

// The create path's writes are compiled once (see `reusableQuery`): building them on every
// create cost about a tenth of its CPU. Each takes every column, so one shape fits all calls.
type Row<T> = { [K in keyof T]: T[K] };

const insertTicketQuery = reusableQuery((db: Kysely<Database>, _shape: null, row: Row<TicketsTable>) =>
  db.insertInto('tickets').values(row),
);

const insertFollowersQuery = reusableQuery(
  (db: Kysely<Database>, _shape: null, args: { ticketId: string; userIds: readonly string[]; now: string }) =>
    db
      .insertInto('ticket_followers')
      .values(args.userIds.map((user_id) => ({ ticket_id: args.ticketId, user_id, created_at: args.now }))),
);

const insertEventQuery = reusableQuery((db: Kysely<Database>, _shape: null, row: Row<TicketEventsTable>) =>
  db.insertInto('ticket_events').values(row),
);

export interface CreateTicketInput {
  kind: TicketKind;
  typeId: string;
  projectId: string | null;
  title: string;
  description: string;
  status?: string;
  priority: string;
  requesterId: string;
  organizationId: string | null;
  assigneeId?: string | null;
  private: boolean;
  percentComplete?: number | null;
  dueDate?: string | null;
  custom: Record<string, unknown>;
  /** Users who follow from the start; the requester always does. */
  followerIds: string[];
  actorId: string;
  now: string;
}

/** Inserts a ticket, its followers and its `created` event. Call inside a transaction. */
export async function insertTicket(trx: Executor, input: CreateTicketInput): Promise<Ticket> {
  const row: Row<TicketsTable> = {
    id: newId(),
    number: await nextTicketNumber(trx),
    kind: input.kind,
    type_id: input.typeId,
    project_id: input.projectId,
    title: input.title,
    description: input.description,
    status: input.status ?? 'open',
    priority: input.priority,
    requester_id: input.requesterId,
    organization_id: input.organizationId,
    assignee_id: input.assigneeId ?? null,
    private: flag(input.private),
    percent_complete: input.percentComplete ?? null,
    due_date: input.dueDate ?? null,
    custom: JSON.stringify(input.custom),
    created_at: input.now,
    updated_at: input.now,
    closed_at: null,
  };
  await insertTicketQuery(trx, null, row);
  const followers = [...new Set([input.requesterId, ...input.followerIds])];
  await insertFollowersQuery(trx, null, { ticketId: row.id, userIds: followers, now: input.now });
  const ticket: Ticket = row;
  await recordEvent(
    trx,
    { ticketId: row.id, actorId: input.actorId, type: 'created', data: {}, now: input.now },
    { ticket, followerIds: followers },
  );
  return ticket;
}

export interface TicketEventInput {
  ticketId: string;
  actorId: string | null;
  type: string;
  data: Record<string, unknown>;
  /** Agent-only events (internal notes) never reach customers. */
  internal?: boolean;
  now: string;
}

/** Appends to a ticket's history; notifications and live updates read it. `known`: see `KnownTicket`. */
export async function recordEvent(trx: Executor, event: TicketEventInput, known?: KnownTicket): Promise<void> {
  const id = newId();
  await insertEventQuery(trx, null, {
    id,
    ticket_id: event.ticketId,
    actor_id: event.actorId,
    type: event.type,
    data: JSON.stringify(event.data),
    internal: flag(event.internal ?? false),
    created_at: event.now,
  });
  // Emails about the event are queued in the same transaction, so they commit with it.
  await notifyTicketEvent(trx, { ...event, id }, known);
}

/** Adds followers, ignoring those who already follow; returns the ids that are new. */
export async function addFollowers(trx: Executor, ticketId: string, userIds: string[], now: string): Promise<string[]> {
  if (userIds.length === 0) return [];
  const added = await trx
    .insertInto('ticket_followers')
    .values(userIds.map((user_id) => ({ ticket_id: ticketId, user_id, created_at: now })))
    .onConflict((oc) => oc.columns(['ticket_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return added.map((row) => row.user_id);
}

export interface NewMessageInput {
  ticketId: string;
  authorId: string;
  body: string;
  internal: boolean;
  /** Attachments already uploaded to this ticket, to hang on this message. */
  attachmentIds?: string[];
  now: string;
}

/** Inserts a message, links its attachments, bumps the ticket and records the event. */
export async function insertMessage(trx: Executor, input: NewMessageInput): Promise<string> {
  const id = newId();
  await trx
    .insertInto('messages')
    .values({
      id,
      ticket_id: input.ticketId,
      author_id: input.authorId,
      body: input.body,
      internal: flag(input.internal),
      created_at: input.now,
    })
    .execute();
  if (input.attachmentIds && input.attachmentIds.length > 0) {
    await trx
      .updateTable('attachments')
      .set({ message_id: id })
      .where('ticket_id', '=', input.ticketId)
      .where('id', 'in', input.attachmentIds)
      .where('message_id', 'is', null)
      .execute();
  }
  await touchTicket(trx, input.ticketId, input.now);
  await recordEvent(trx, {
    ticketId: input.ticketId,
    actorId: input.authorId,
    type: input.internal ? 'internal_note' : 'message',
    data: { messageId: id },
    internal: input.internal,
    now: input.now,
  });
  return id;
}

export async function touchTicket(trx: Executor, ticketId: string, now: string): Promise<void> {
  await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
}

/** Sets a ticket's status, keeping `closed_at` in step, and records the change. */
export async function setStatus(
  trx: Executor,
  ticket: Pick<Ticket, 'id' | 'status'>,
  status: string,
  closed: boolean,
  actorId: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({ status, closed_at: closed ? now : null, updated_at: now })
    .where('id', '=', ticket.id)
    .execute();
  await recordEvent(trx, {
    ticketId: ticket.id,
    actorId,
    type: 'status_changed',
    data: { from: ticket.status, to: status },
    now,
  });
}

export function flag(value: boolean): Flag {
  return value ? 1 : 0;
}

/** Parses a ticket's custom values column. */
export function customValues(ticket: Pick<Ticket, 'custom'>): Record<string, unknown> {
  const parsed: unknown = JSON.parse(ticket.custom);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** `lower(column) LIKE pattern`, with the user's text escaped so % and _ match themselves. */
export function containsText(text: string) {
  const escaped = text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`);
  return `%${escaped}%`;
}

/**
 * Project `id`, if `viewer` may file a ticket into it (`usableProjects`); undefined otherwise.
 * Call inside the transaction that files the ticket: on PostgreSQL the project is then locked
 * against deletion until it commits (on SQLite, nothing else writes meanwhile), so the insert
 * cannot fail on its foreign key after the check passed.
 */
export async function findUsableProject(
  trx: Executor,
  viewer: Viewer,
  id: string,
): Promise<{ id: string } | undefined> {
  const query = trx
    .selectFrom('projects')
    .select('projects.id')
    .where('projects.id', '=', id)
    .where(usableProjects(viewer));
  return (onPostgres(trx) ? query.forKeyShare('projects') : query).executeTakeFirst();
}

/** Stops `userId` following the ticket; false when they did not. */
export async function removeFollower(trx: Executor, ticketId: string, userId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('ticket_followers')
    .where('ticket_id', '=', ticketId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The ticket's followers, in the order they came. */
export async function listFollowerRows(db: Executor, ticketId: string) {
  return db
    .selectFrom('ticket_followers as tf')
    .innerJoin('users as u', 'u.id', 'tf.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('tf.ticket_id', '=', ticketId)
    .orderBy('tf.created_at')
    .orderBy('u.id')
    .execute();
}
