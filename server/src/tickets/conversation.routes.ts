import { createRoute, z } from '@hono/zod-openapi';
import type { Executor } from '../db/executor.js';
import type { Viewer } from '../app-env.js';
import type { Ticket } from '../db/schema.js';
import { limitPosts } from '../auth/rate-limit.js';
import { badRequest, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { nowIso } from '../http/clock.js';
import { assertWritable, managedTicketOr404, visibleTicketOr404 } from './customer-scope.js';
import { listMessages, unattachedUploads } from './messages.repository.js';
import { namesShownTo, resolveShareTargets, type ShareTarget } from './resolve-people.js';
import { addFollowers, insertMessage, listFollowerRows, recordEvent, removeFollower } from './tickets.repository.js';
import { insertTimeEntry, listTimeEntries } from './time-entries.repository.js';
import {
  AddFollowerBody,
  FollowerSchema,
  MessageSchema,
  NewMessageBody,
  NewTimeEntryBody,
  TicketIdParams,
  TimeEntrySchema,
} from './tickets.schemas.js';

const base = '/tickets/{id}';

const MessagePage = z
  .object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() })
  .openapi('MessagePage');
const FollowerList = z.object({ items: z.array(FollowerSchema), nextCursor: z.null() }).openapi('FollowerList');
const TimeEntryList = z
  .object({ items: z.array(TimeEntrySchema), nextCursor: z.null(), totalMinutes: z.number() })
  .openapi('TimeEntryList');

const route = <M extends 'get' | 'post' | 'delete'>(method: M, path: string, summary: string) => ({
  method,
  path: `${base}${path}`,
  summary,
});

const listMessagesRoute = createRoute({
  ...route('get', '/messages', 'The conversation, oldest first; internal notes are never included'),
  request: { params: TicketIdParams, query: z.strictObject({ cursor: z.string().max(500).optional() }) },
  responses: { 200: jsonResponse(MessagePage, 'Messages'), ...errorResponses },
});
const addMessageRoute = createRoute({
  ...route('post', '/messages', 'Add a message, with attachments uploaded to this ticket before'),
  request: { params: TicketIdParams, body: jsonBody(NewMessageBody) },
  responses: { 201: jsonResponse(MessageSchema, 'The message'), ...errorResponses },
});
const listFollowersRoute = createRoute({
  ...route('get', '/followers', 'People who follow the ticket'),
  request: { params: TicketIdParams },
  responses: { 200: jsonResponse(FollowerList, 'Followers'), ...errorResponses },
});
const addFollowerRoute = createRoute({
  ...route(
    'post',
    '/followers',
    'Share the ticket by `email` (any address where the portal allows sign-up, else people of your organization) or by `userId` ' +
      '(people of your organization, from the people search). A known and an unknown address get the same answer; the list ' +
      'shows people outside your organization by address',
  ),
  request: { params: TicketIdParams, body: jsonBody(AddFollowerBody) },
  responses: { 201: jsonResponse(FollowerList, 'Followers now'), ...errorResponses },
});
const removeFollowerRoute = createRoute({
  ...route('delete', '/followers/{userId}', 'Stop sharing the ticket with someone'),
  request: { params: TicketIdParams.extend({ userId: z.string().min(1).max(64) }) },
  responses: { 200: jsonResponse(FollowerList, 'Followers now'), ...errorResponses },
});
const listTimeRoute = createRoute({
  ...route('get', '/time-entries', 'Time logged on the ticket (portals with timesheets)'),
  request: { params: TicketIdParams },
  responses: { 200: jsonResponse(TimeEntryList, 'Time entries'), ...errorResponses },
});
const addTimeRoute = createRoute({
  ...route('post', '/time-entries', 'Log time on the ticket (portals with timesheets)'),
  request: { params: TicketIdParams, body: jsonBody(NewTimeEntryBody) },
  responses: { 201: jsonResponse(TimeEntrySchema, 'The entry'), ...errorResponses },
});

/** Messages, followers and time entries of one visible ticket. */
export function conversationRoutes() {
  const app = openApiApp();

  app.openapi(listMessagesRoute, async (c) => {
    const ticket = await visibleTicketOr404(c, c.req.valid('param').id);
    const page = await listMessages(c.var.deps.db.kysely, ticket.id, {
      audience: 'customer',
      cursor: c.req.valid('query').cursor,
    });
    return c.json({ items: page.items.map(withoutInternalFlag), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(addMessageRoute, async (c) => {
    assertWritable(c);
    const ticket = await visibleTicketOr404(c, c.req.valid('param').id);
    const { body, attachmentIds } = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const { viewer } = c.var;
    const usable = await unattachedUploads(db, ticket.id, viewer.userId, attachmentIds);
    const bad = attachmentIds.findIndex((a) => !usable.has(a));
    if (bad >= 0) throw badRequest(`attachmentIds.${bad}`, 'no such attachment on this ticket.');
    const messageId = await db.transaction().execute(async (trx) => {
      await limitPosts(c, trx);
      return insertMessage(trx, {
        ticketId: ticket.id,
        authorId: viewer.userId,
        body,
        internal: false,
        attachmentIds,
        now: nowIso(c),
      });
    });
    const page = await listMessages(db, ticket.id, { audience: 'customer', onlyId: messageId });
    const message = page.items[0];
    if (!message) throw notFound('message');
    return c.json(withoutInternalFlag(message), 201);
  });

  app.openapi(listFollowersRoute, async (c) => {
    const ticket = await visibleTicketOr404(c, c.req.valid('param').id);
    return c.json({ items: await listFollowers(c.var.deps.db.kysely, c.var.viewer, ticket), nextCursor: null }, 200);
  });

  app.openapi(addFollowerRoute, async (c) => {
    const ticket = await managedTicketOr404(c, c.req.valid('param').id);
    const body = c.req.valid('json');
    const target: ShareTarget = body.userId !== undefined ? { userId: body.userId } : { email: body.email ?? '' };
    const db = c.var.deps.db.kysely;
    await db.transaction().execute(async (trx) => {
      const now = nowIso(c);
      const ids = await resolveShareTargets(trx, c.var.viewer, [target], {
        allowNew: c.var.portal.config.selfSignUp,
        fieldFor: (_, t) => ('userId' in t ? 'userId' : 'email'),
        now,
      });
      const added = await addFollowers(trx, ticket.id, ids, now);
      // Sharing again with someone who already follows changes nothing and mails nobody.
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
    return c.json({ items: await listFollowers(db, c.var.viewer, ticket), nextCursor: null }, 201);
  });

  app.openapi(removeFollowerRoute, async (c) => {
    const { id, userId } = c.req.valid('param');
    const ticket = await managedTicketOr404(c, id);
    if (userId === ticket.requester_id) throw badRequest('userId', 'the requester always follows their ticket.');
    const db = c.var.deps.db.kysely;
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
    return c.json({ items: await listFollowers(db, c.var.viewer, ticket), nextCursor: null }, 200);
  });

  app.openapi(listTimeRoute, async (c) => {
    if (!c.var.portal.config.timesheets) throw notFound('route');
    const ticket = await visibleTicketOr404(c, c.req.valid('param').id);
    const items = await listTimeEntries(c.var.deps.db.kysely, ticket.id);
    return c.json({ items, nextCursor: null, totalMinutes: items.reduce((sum, e) => sum + e.minutes, 0) }, 200);
  });

  app.openapi(addTimeRoute, async (c) => {
    if (!c.var.portal.config.timesheets) throw notFound('route');
    const ticket = await managedTicketOr404(c, c.req.valid('param').id);
    const input = c.req.valid('json');
    const entry = await c.var.deps.db.kysely
      .transaction()
      .execute((trx) =>
        insertTimeEntry(trx, { ticketId: ticket.id, userId: c.var.viewer.userId, ...input, now: nowIso(c) }),
      );
    return c.json(entry, 201);
  });

  return app;
}

function withoutInternalFlag<T extends { internal: boolean }>({ internal, ...message }: T): Omit<T, 'internal'> {
  void internal;
  return message;
}

/** The ticket's followers; a customer sees the names of the people `namesShownTo` allows, the others' addresses. */
async function listFollowers(db: Executor, viewer: Viewer, ticket: Pick<Ticket, 'id' | 'requester_id'>) {
  const rows = await listFollowerRows(db, ticket.id);
  const named = await namesShownTo(
    db,
    viewer,
    ticket.requester_id,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: named.has(r.id) ? r.name : r.email,
    email: r.email,
    requester: r.id === ticket.requester_id,
  }));
}
