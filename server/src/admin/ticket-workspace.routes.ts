import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requireViewer } from '../auth/require-viewer.js';
import { ErrorSchema, badRequest, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { nowIso } from '../http/clock.js';
import { AttachmentSchema } from '../tickets/tickets.schemas.js';
import { addFollowers, recordEvent, removeFollower } from '../tickets/tickets.repository.js';
import { insertTimeEntry, listTimeEntries } from '../tickets/time-entries.repository.js';
import { assertMultipart, storeUpload } from '../uploads/attachments.routes.js';
import { IdParams } from './admin.schemas.js';
import { TicketPresence } from './presence.js';
import {
  customerContext,
  findTicketRef,
  findUserRef,
  latestMessage,
  listStaffFollowers,
  listTicketHistory,
} from './ticket-workspace.repository.js';
import {
  AddStaffFollowerBody,
  CustomerContextSchema,
  FollowerParams,
  HistoryList,
  NewStaffTimeEntryBody,
  PresenceBody,
  PresenceSchema,
  StaffFollowerList,
  StaffTimeEntryList,
} from './ticket-workspace.schemas.js';

const tags = ['admin: tickets'];
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

const followersRoute = createRoute({
  method: 'get',
  path: '/{id}/followers',
  tags,
  summary: 'Everyone who follows the ticket, by name, with their role',
  request: { params: IdParams },
  responses: { 200: jsonResponse(StaffFollowerList, 'Followers'), ...errorResponses },
});
const addFollowerRoute = createRoute({
  method: 'post',
  path: '/{id}/followers',
  tags,
  summary:
    'Add a follower (any user, by id); they get the share email. Adding someone who already follows changes nothing',
  request: { params: IdParams, body: jsonBody(AddStaffFollowerBody) },
  responses: { 200: jsonResponse(StaffFollowerList, 'Followers now'), ...errorResponses },
});
const removeFollowerRoute = createRoute({
  method: 'delete',
  path: '/{id}/followers/{userId}',
  tags,
  summary: 'Remove a follower',
  request: { params: FollowerParams },
  responses: { 200: jsonResponse(StaffFollowerList, 'Followers now'), ...errorResponses },
});
const timeRoute = createRoute({
  method: 'get',
  path: '/{id}/time-entries',
  tags,
  summary: 'Time logged on the ticket, by date, with the total',
  request: { params: IdParams },
  responses: { 200: jsonResponse(StaffTimeEntryList, 'Time entries'), ...errorResponses },
});
const addTimeRoute = createRoute({
  method: 'post',
  path: '/{id}/time-entries',
  tags,
  summary: 'Log time on the ticket as the signed-in agent',
  request: { params: IdParams, body: jsonBody(NewStaffTimeEntryBody) },
  responses: { 201: jsonResponse(StaffTimeEntryList, 'Time entries now'), ...errorResponses },
});
const historyRoute = createRoute({
  method: 'get',
  path: '/{id}/history',
  tags,
  summary: 'Every event of the ticket (internal ones included), oldest first: who did what and when; the newest 500',
  request: { params: IdParams },
  responses: { 200: jsonResponse(HistoryList, 'History'), ...errorResponses },
});
const contextRoute = createRoute({
  method: 'get',
  path: '/{id}/customer-context',
  tags,
  summary: 'The requester, their organization and their five most recently updated other tickets',
  request: { params: IdParams },
  responses: { 200: jsonResponse(CustomerContextSchema, 'Customer context'), ...errorResponses },
});
const presenceRoute = createRoute({
  method: 'post',
  path: '/{id}/presence',
  tags,
  summary:
    'Heartbeat of a console showing the ticket (every 10 s; gone after 30 s without one). Answers the other agents viewing it and the ' +
    'newest message, for the collision warning. Kept in memory: one server instance sees its own viewers',
  request: { params: IdParams, body: jsonBody(PresenceBody) },
  responses: { 200: jsonResponse(PresenceSchema, 'Who else is here'), ...errorResponses },
});
const leaveRoute = createRoute({
  method: 'delete',
  path: '/{id}/presence',
  tags,
  summary: 'The console left the ticket',
  request: { params: IdParams },
  responses: { 204: { description: 'Left' }, ...errorResponses },
});
const uploadRoute = createRoute({
  method: 'post',
  path: '/{id}/attachments',
  tags,
  // Mounted ahead of the admin app and its JSON body policy (see adminUploadsApp): the staff check is the route's own.
  middleware: [requireViewer({ staff: true })],
  summary: 'Upload one file to the ticket; a reply or note then takes it by id (`attachmentIds`)',
  request: {
    params: IdParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
        },
      },
    },
  },
  responses: {
    201: jsonResponse(AttachmentSchema, 'The stored attachment'),
    ...errorResponses,
    413: errorResponse('The file is larger than the upload limit'),
    415: errorResponse('The body is not multipart/form-data'),
  },
});

async function ticketOr404(c: Context<AppEnv>, id: string) {
  const ticket = await findTicketRef(c.var.deps.db.kysely, id);
  if (!ticket) throw notFound();
  return ticket;
}

/**
 * `/admin/tickets/{id}/…`: what the console's ticket page needs besides the
 * ticket itself (followers, time, history, customer context, presence, uploads).
 * Every change records a ticket event, as the rest of the admin API does.
 */
export function ticketWorkspaceApp() {
  const app = openApiApp();
  // One per app (per createApp), not per module: tests and instances stay apart.
  let presence: TicketPresence | null = null;

  app.openapi(followersRoute, async (c) => {
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    return c.json({ items: await listStaffFollowers(c.var.deps.db.kysely, ticket.id), nextCursor: null }, 200);
  });

  app.openapi(addFollowerRoute, async (c) => {
    const { userId } = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    await db.transaction().execute(async (trx) => {
      if (!(await findUserRef(trx, userId))) throw badRequest('userId', 'no such user.');
      const now = nowIso(c);
      const added = await addFollowers(trx, ticket.id, [userId], now);
      if (added.length > 0) {
        await recordEvent(trx, {
          ticketId: ticket.id,
          actorId: c.var.viewer.userId,
          type: 'follower_added',
          data: { userIds: added },
          now,
        });
      }
    });
    return c.json({ items: await listStaffFollowers(db, ticket.id), nextCursor: null }, 200);
  });

  app.openapi(removeFollowerRoute, async (c) => {
    const { id, userId } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    const ticket = await ticketOr404(c, id);
    const removed = await db.transaction().execute(async (trx) => {
      if (!(await removeFollower(trx, ticket.id, userId))) return false;
      await recordEvent(trx, {
        ticketId: ticket.id,
        actorId: c.var.viewer.userId,
        type: 'follower_removed',
        data: { userId },
        now: nowIso(c),
      });
      return true;
    });
    if (!removed) throw notFound('follower');
    return c.json({ items: await listStaffFollowers(db, ticket.id), nextCursor: null }, 200);
  });

  const timeList = async (c: Context<AppEnv>, ticketId: string) => {
    const items = await listTimeEntries(c.var.deps.db.kysely, ticketId);
    return { items, nextCursor: null, totalMinutes: items.reduce((sum, e) => sum + e.minutes, 0) };
  };

  app.openapi(timeRoute, async (c) => {
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    return c.json(await timeList(c, ticket.id), 200);
  });

  app.openapi(addTimeRoute, async (c) => {
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    const input = c.req.valid('json');
    await c.var.deps.db.kysely
      .transaction()
      .execute((trx) =>
        insertTimeEntry(trx, { ticketId: ticket.id, userId: c.var.viewer.userId, ...input, now: nowIso(c) }),
      );
    return c.json(await timeList(c, ticket.id), 201);
  });

  app.openapi(historyRoute, async (c) => {
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    return c.json({ items: await listTicketHistory(c.var.deps.db.kysely, ticket.id), nextCursor: null }, 200);
  });

  app.openapi(contextRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    const context = await customerContext(db, ticket);
    if (!context) throw notFound('user');
    return c.json(context, 200);
  });

  app.openapi(presenceRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    const me = await findUserRef(db, c.var.viewer.userId);
    if (!me) throw notFound('user');
    presence ??= new TicketPresence(c.var.deps.clock);
    const viewers = presence.beat(ticket.id, me, c.req.valid('json').composing);
    return c.json(
      { viewers, latestMessage: (await latestMessage(db, ticket.id)) ?? null, updatedAt: ticket.updated_at },
      200,
    );
  });

  app.openapi(leaveRoute, async (c) => {
    const { id } = c.req.valid('param');
    presence?.leave(id, c.var.viewer.userId);
    return c.body(null, 204);
  });

  return app;
}

/**
 * `POST /admin/tickets/{id}/attachments`: a multipart body, so it is mounted
 * (at `/api/v1/admin/tickets`) before the JSON body policy, as the portal's
 * uploads are; the file's own limit is the upload limit (`receiveFile`).
 */
export function adminUploadsApp() {
  const app = openApiApp();

  app.openapi(uploadRoute, async (c) => {
    assertMultipart(c);
    const ticket = await ticketOr404(c, c.req.valid('param').id);
    return c.json(await storeUpload(c, ticket.id), 201);
  });

  return app;
}
