import { createRoute } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { Database, Ticket, TicketUpdate } from '../db/schema.js';
import { badRequest, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { fieldsForType, listCustomFields } from '../tickets/catalog.repository.js';
import { parseCustomValue, parseCustomValues } from '../tickets/custom-values.js';
import { nowIso } from '../http/clock.js';
import {
  addFollowers,
  customValues,
  flag,
  insertMessage,
  insertTicket,
  recordEvent,
  setStatus,
} from '../tickets/tickets.repository.js';
import { CLOSED_STATUSES, type Status } from '../tickets/ticket-fields.js';
import { IdParams, pageSchema } from './admin.schemas.js';
import {
  adminMessage,
  adminTicketDetail,
  existingUserIds,
  findUserRoleAndOrganization,
  listAllTickets,
  rowExists,
} from './admin-tickets.repository.js';
import {
  AdminMessageSchema,
  AdminTicketDetailSchema,
  AdminTicketListQuery,
  AdminTicketSummarySchema,
  CreateAdminTicketBody,
  NewAdminMessageBody,
  PatchAdminTicketBody,
} from './admin-tickets.schemas.js';

const tags = ['admin: tickets'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Every ticket and task, filtered, searched and sorted',
  request: { query: AdminTicketListQuery },
  responses: { 200: jsonResponse(pageSchema(AdminTicketSummarySchema, 'AdminTicketPage'), 'A page'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One ticket with custom values, followers, the whole conversation (internal notes too) and files',
  request: { params: IdParams },
  responses: { 200: jsonResponse(AdminTicketDetailSchema, 'The ticket'), ...errorResponses },
});
const createTicketRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Open a ticket on behalf of a requester',
  request: { body: jsonBody(CreateAdminTicketBody) },
  responses: { 201: jsonResponse(AdminTicketDetailSchema, 'The new ticket'), ...errorResponses },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change any property: status, priority, assignee, type, project, requester, custom values, …',
  request: { params: IdParams, body: jsonBody(PatchAdminTicketBody) },
  responses: { 200: jsonResponse(AdminTicketDetailSchema, 'The changed ticket'), ...errorResponses },
});
const messageRoute = createRoute({
  method: 'post',
  path: '/{id}/messages',
  tags,
  summary: 'Reply to the customer, or add an internal note (`internal: true`)',
  request: { params: IdParams, body: jsonBody(NewAdminMessageBody) },
  responses: { 201: jsonResponse(AdminMessageSchema, 'The message'), ...errorResponses },
});

async function assertExists(db: Executor, table: 'ticket_types' | 'projects', id: string, field: string, what: 'ticket type' | 'project') {
  if (!(await rowExists(db, table, id))) throw badRequest(field, `no such ${what}.`);
}

/** The requester's organization, which the ticket takes; 400 when there is no such user. */
async function requesterOrganization(db: Executor, userId: string, field: string): Promise<string | null> {
  const user = await findUserRoleAndOrganization(db, userId);
  if (!user) throw badRequest(field, 'no such user.');
  return user.organization_id;
}

/** Tickets are assigned to agents and admins only. */
async function assertStaff(db: Executor, userId: string): Promise<void> {
  const user = await findUserRoleAndOrganization(db, userId);
  if (!user) throw badRequest('assigneeId', 'no such user.');
  if (user.role === 'customer') throw badRequest('assigneeId', 'must be an agent or admin.');
}

async function detailOr404(db: Kysely<Database>, id: string) {
  const detail = await adminTicketDetail(db, id);
  if (!detail) throw notFound();
  return detail;
}

/** `/admin/tickets`: agents and admins see and change every ticket; every change records a ticket event. */
export function adminTicketsApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => c.json(await listAllTickets(c.var.deps.db.kysely, c.req.valid('query')), 200));

  app.openapi(getRoute, async (c) => c.json(await detailOr404(c.var.deps.db.kysely, c.req.valid('param').id), 200));

  app.openapi(createTicketRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const fields = await listCustomFields(db);
    const ticket = await db.transaction().execute(async (trx) => {
      const organizationId = await requesterOrganization(trx, body.requesterId, 'requesterId');
      await assertExists(trx, 'ticket_types', body.typeId, 'typeId', 'ticket type');
      if (body.projectId !== null) await assertExists(trx, 'projects', body.projectId, 'projectId', 'project');
      if (body.assigneeId !== null) await assertStaff(trx, body.assigneeId);
      const followerIds = [...new Set(body.followerIds)];
      if (followerIds.length > 0) {
        const found = await existingUserIds(trx, followerIds);
        const missing = body.followerIds.findIndex((id) => !found.has(id));
        if (missing >= 0) throw badRequest(`followerIds.${missing}`, 'no such user.');
      }
      const custom = parseCustomValues(fieldsForType(fields, body.typeId), body.custom);
      return insertTicket(trx, {
        kind: body.kind,
        typeId: body.typeId,
        projectId: body.projectId,
        title: body.title,
        description: body.description,
        priority: body.priority,
        requesterId: body.requesterId,
        organizationId,
        assigneeId: body.assigneeId,
        private: body.private,
        percentComplete: body.percentComplete,
        dueDate: body.dueDate,
        custom,
        followerIds,
        actorId: c.var.viewer.userId,
        now: nowIso(c),
      });
    });
    return c.json(await detailOr404(db, ticket.id), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (Object.keys(body).length === 0) throw badRequest('body', 'nothing to change.');
    const db = c.var.deps.db.kysely;
    const fields = await listCustomFields(db);
    const actorId = c.var.viewer.userId;

    await db.transaction().execute(async (trx) => {
      const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
      if (!ticket) throw notFound();
      const now = nowIso(c);
      const set: TicketUpdate = {};
      const changed: string[] = [];
      /** Records `value` for `column` when it differs from the stored one; `property` names it in the event. */
      const change = <K extends keyof Ticket>(property: string, column: K, value: Ticket[K] | undefined) => {
        if (value === undefined || value === ticket[column]) return;
        Object.assign(set, { [column]: value });
        changed.push(property);
      };

      change('title', 'title', body.title);
      change('description', 'description', body.description);
      change('priority', 'priority', body.priority);
      change('kind', 'kind', body.kind);
      if (body.private !== undefined && flag(body.private) !== Number(ticket.private)) change('private', 'private', flag(body.private));
      if (body.percentComplete !== undefined && body.percentComplete !== (ticket.percent_complete === null ? null : Number(ticket.percent_complete))) {
        change('percent_complete', 'percent_complete', body.percentComplete);
      }
      change('due_date', 'due_date', body.dueDate);
      if (body.typeId !== undefined && body.typeId !== ticket.type_id) {
        await assertExists(trx, 'ticket_types', body.typeId, 'typeId', 'ticket type');
        change('type', 'type_id', body.typeId);
      }
      if (body.projectId !== undefined && body.projectId !== ticket.project_id) {
        if (body.projectId !== null) await assertExists(trx, 'projects', body.projectId, 'projectId', 'project');
        change('project', 'project_id', body.projectId);
      }
      if (body.assigneeId !== undefined && body.assigneeId !== ticket.assignee_id) {
        if (body.assigneeId !== null) await assertStaff(trx, body.assigneeId);
        change('assignee', 'assignee_id', body.assigneeId);
      }
      if (body.requesterId !== undefined && body.requesterId !== ticket.requester_id) {
        const organizationId = await requesterOrganization(trx, body.requesterId, 'requesterId');
        change('requester', 'requester_id', body.requesterId);
        // Grant (b) of the visibility rule follows the requester's organization.
        change('organization', 'organization_id', organizationId);
        await addFollowers(trx, ticket.id, [body.requesterId], now);
      }

      const typeId = body.typeId ?? ticket.type_id;
      const applicable = fieldsForType(fields, typeId);
      const stored = customValues(ticket);
      const values = { ...stored };
      for (const [key, value] of Object.entries(body.custom ?? {})) {
        const field = applicable.find((f) => f.key === key);
        if (!field) throw badRequest(`custom.${key}`, 'no such field for this type.', 'unknown_field');
        const parsed = parseCustomValue(field, value);
        if (JSON.stringify(parsed) !== JSON.stringify(stored[key] ?? null)) changed.push(`custom:${key}`);
        values[key] = parsed;
      }
      if (typeId !== ticket.type_id) {
        // A new type may bring required fields the ticket has no value for yet.
        for (const field of applicable) {
          if (field.required && (values[field.key] === undefined || values[field.key] === null)) {
            throw badRequest(`custom.${field.key}`, 'is required.', 'required');
          }
        }
      }
      if (changed.some((p) => p.startsWith('custom:'))) set.custom = JSON.stringify(values);

      if (body.status !== undefined && body.status !== ticket.status) {
        await setStatus(trx, ticket, body.status, CLOSED_STATUSES.includes(body.status as Status), actorId, now);
      }
      if (changed.length > 0) {
        await trx.updateTable('tickets').set({ ...set, updated_at: now }).where('id', '=', ticket.id).execute();
        await recordEvent(trx, { ticketId: ticket.id, actorId, type: 'updated', data: { properties: changed }, now });
      }
    });
    return c.json(await detailOr404(db, id), 200);
  });

  app.openapi(messageRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { body, internal } = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const messageId = await db.transaction().execute(async (trx) => {
      if (!(await rowExists(trx, 'tickets', id))) throw notFound();
      return insertMessage(trx, { ticketId: id, authorId: c.var.viewer.userId, body, internal, now: nowIso(c) });
    });
    const message = await adminMessage(db, id, messageId);
    if (!message) throw notFound('message');
    return c.json(message, 201);
  });

  return app;
}
