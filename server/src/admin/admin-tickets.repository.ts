import { findRating } from '../tickets/ratings.repository.js';
import { toAttachmentDto } from '../uploads/attachment-dto.js';
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { Role } from '../db/schema.js';
import { customValues } from '../tickets/tickets.repository.js';
import { listMessages } from '../tickets/messages.repository.js';
import { decodeListCursor, defaultOrder, encodeListCursor, sortExpression } from '../tickets/ticket-sort.js';
import type { Priority, Status } from '../tickets/ticket-fields.js';
import type {
  AdminMessage,
  AdminTicketDetail,
  AdminTicketListQuery,
  AdminTicketSummary,
} from './admin-tickets.schemas.js';
import { filterConditions, viewCondition, type InboxScope } from './inbox.repository.js';

function baseQuery(db: Executor) {
  return db
    .selectFrom('tickets')
    .innerJoin('ticket_types as tt', 'tt.id', 'tickets.type_id')
    .innerJoin('users as rq', 'rq.id', 'tickets.requester_id')
    .leftJoin('users as asg', 'asg.id', 'tickets.assignee_id')
    .leftJoin('organizations as org', 'org.id', 'tickets.organization_id')
    .leftJoin('projects as prj', 'prj.id', 'tickets.project_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.kind',
      'tickets.title',
      'tickets.description',
      'tickets.status',
      'tickets.priority',
      'tickets.private',
      'tickets.percent_complete',
      'tickets.due_date',
      'tickets.custom',
      'tickets.created_at',
      'tickets.updated_at',
      'tickets.closed_at',
      'tt.id as type_id',
      'tt.key as type_key',
      'tt.name as type_name',
      'rq.id as requester_id',
      'rq.name as requester_name',
      'rq.email as requester_email',
      'asg.id as assignee_id',
      'asg.name as assignee_name',
      'asg.email as assignee_email',
      'org.id as organization_id',
      'org.name as organization_name',
      'prj.id as project_id',
      'prj.name as project_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toSummary(r: Row): AdminTicketSummary {
  return {
    id: r.id,
    number: Number(r.number),
    kind: r.kind,
    title: r.title,
    status: r.status as Status,
    priority: r.priority as Priority,
    type: { id: r.type_id, key: r.type_key, name: r.type_name },
    project: r.project_id !== null && r.project_name !== null ? { id: r.project_id, name: r.project_name } : null,
    requester: { id: r.requester_id, name: r.requester_name, email: r.requester_email },
    organization:
      r.organization_id !== null && r.organization_name !== null
        ? { id: r.organization_id, name: r.organization_name }
        : null,
    assignee:
      r.assignee_id !== null && r.assignee_name !== null && r.assignee_email !== null
        ? { id: r.assignee_id, name: r.assignee_name, email: r.assignee_email }
        : null,
    private: Number(r.private) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

/** One page of every ticket and task, in one of the inbox's views, filtered, searched and sorted like the customer list. */
export async function listAllTickets(
  db: Executor,
  query: AdminTicketListQuery,
  scope: InboxScope,
): Promise<{ items: AdminTicketSummary[]; nextCursor: string | null }> {
  const sortBy = sortExpression(query.sort);
  const numeric = query.sort === 'priority' || query.sort === 'status';
  const order = query.order ?? defaultOrder(query.sort);
  const desc = order === 'desc';
  const select = baseQuery(db)
    .select(sortBy.as('sort_value'))
    .where((eb) => {
      const filters = filterConditions(query, scope);
      if (query.view) filters.push(viewCondition(query.view, scope));
      if (query.cursor) {
        const [value, id] = decodeListCursor(query.cursor, query.sort, order);
        const op = sql.raw(desc ? '<' : '>');
        filters.push(sql<SqlBool>`(${sortBy}, ${sql.ref('tickets.id')}) ${op} (${value}, ${id})`);
      }
      return eb.and(filters);
    })
    .orderBy(sortBy, desc ? 'desc' : 'asc')
    .orderBy('tickets.id', desc ? 'desc' : 'asc')
    .limit(query.limit + 1);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const lastValue = last ? (numeric ? Number(last.sort_value) : String(last.sort_value)) : null;
  return {
    items: page.map(toSummary),
    nextCursor:
      rows.length > query.limit && last && lastValue !== null
        ? encodeListCursor(query.sort, order, lastValue, last.id)
        : null,
  };
}

/** Everything about one ticket for staff, internal notes included; null when there is no such ticket. */
export async function adminTicketDetail(db: Executor, id: string): Promise<AdminTicketDetail | null> {
  const row = await baseQuery(db).where('tickets.id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [followers, files, messages, rating] = await Promise.all([
    db
      .selectFrom('ticket_followers as tf')
      .innerJoin('users as u', 'u.id', 'tf.user_id')
      .select(['u.id', 'u.name', 'u.email', 'u.role'])
      .where('tf.ticket_id', '=', id)
      .orderBy('tf.created_at')
      .orderBy('u.id')
      .execute(),
    db
      .selectFrom('attachments')
      .select(['id', 'message_id', 'filename', 'content_type', 'size', 'created_at'])
      .where('ticket_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    allMessages(db, id),
    findRating(db, id),
  ]);
  return {
    ...toSummary(row),
    description: row.description,
    percentComplete: row.percent_complete === null ? null : Number(row.percent_complete),
    dueDate: row.due_date,
    custom: customValues(row),
    followers: followers.map((f) => ({ id: f.id, name: f.name, email: f.email, role: f.role as Role })),
    messages,
    attachments: files.map((f) => ({ ...toAttachmentDto(f), messageId: f.message_id })),
    rating,
  };
}

/** The whole conversation, following the message list's pages to the end. */
async function allMessages(db: Executor, ticketId: string): Promise<AdminMessage[]> {
  const out: AdminMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMessages(db, ticketId, { audience: 'staff', cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** One message as staff see it. */
export async function adminMessage(db: Executor, ticketId: string, messageId: string): Promise<AdminMessage | null> {
  const page = await listMessages(db, ticketId, { audience: 'staff', onlyId: messageId });
  return page.items[0] ?? null;
}

/** Whether a row with this id exists in `table` (a type, project or ticket a request names). */
export async function rowExists(
  db: Executor,
  table: 'ticket_types' | 'projects' | 'tickets',
  id: string,
): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Which of `userIds` exist. */
export async function existingUserIds(db: Executor, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  return new Set((await db.selectFrom('users').select('id').where('id', 'in', userIds).execute()).map((u) => u.id));
}
