import { createRoute } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { badRequest, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { fieldsForType, listCustomFields } from '../tickets/catalog.repository.js';
import { parseCustomValues } from '../tickets/custom-values.js';
import { nowIso } from '../http/clock.js';
import { insertMessage, insertTicket } from '../tickets/tickets.repository.js';
import {
  assertExists,
  assertStaff,
  requesterOrganization,
  staffPolicy,
  updateTicket,
} from '../tickets/update-ticket.js';
import { IdParams, pageSchema } from './admin.schemas.js';
import {
  adminMessage,
  adminTicketDetail,
  existingUserIds,
  listAllTickets,
  rowExists,
} from './admin-tickets.repository.js';
import { portalScope } from './inbox.repository.js';
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
  summary: 'Every ticket and task, in an inbox view, filtered, searched and sorted',
  request: { query: AdminTicketListQuery },
  responses: {
    200: jsonResponse(pageSchema(AdminTicketSummarySchema, 'AdminTicketPage'), 'A page'),
    ...errorResponses,
  },
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

async function detailOr404(db: Kysely<Database>, id: string) {
  const detail = await adminTicketDetail(db, id);
  if (!detail) throw notFound();
  return detail;
}

/** `/admin/tickets`: agents and admins see and change every ticket; every change records a ticket event. */
export function adminTicketsApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const db = c.var.deps.db.kysely;
    const scope = {
      viewerId: c.var.viewer.userId,
      now: c.var.deps.clock.now(),
      portal: await portalScope(db, query.portalId),
    };
    return c.json(await listAllTickets(db, query, scope), 200);
  });

  app.openapi(getRoute, async (c) => c.json(await detailOr404(c.var.deps.db.kysely, c.req.valid('param').id), 200));

  app.openapi(createTicketRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const fields = await listCustomFields(db);
    const ticket = await db.transaction().execute(async (trx) => {
      const organizationId = await requesterOrganization(trx, body.requesterId, 'requesterId');
      await assertExists(trx, 'ticket_types', body.typeId, 'typeId', 'ticket type');
      if (body.projectId !== null) await assertExists(trx, 'projects', body.projectId, 'projectId', 'project');
      if (body.assigneeId !== null) await assertStaff(trx, body.assigneeId, 'assigneeId');
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
    await db.transaction().execute((trx) => updateTicket(trx, id, body, staffPolicy, c.var.viewer.userId, nowIso(c)));
    return c.json(await detailOr404(db, id), 200);
  });

  app.openapi(messageRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { body, internal, attachmentIds } = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const messageId = await db.transaction().execute(async (trx) => {
      if (!(await rowExists(trx, 'tickets', id))) throw notFound();
      return insertMessage(trx, {
        ticketId: id,
        authorId: c.var.viewer.userId,
        body,
        internal,
        attachmentIds,
        now: nowIso(c),
      });
    });
    const message = await adminMessage(db, id, messageId);
    if (!message) throw notFound('message');
    return c.json(message, 201);
  });

  return app;
}
