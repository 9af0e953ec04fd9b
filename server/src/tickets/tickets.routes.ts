import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { limitPosts } from '../auth/rate-limit.js';
import { ApiError, badRequest, localeOf } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { fieldsForType, listCustomFields } from './catalog.repository.js';
import { parseCustomValues } from './custom-values.js';
import { nowIso } from '../http/clock.js';
import { assertWritable, managedTicketOr404, visibleTicketOr404 } from './customer-scope.js';
import { conversationRoutes } from './conversation.routes.js';
import { ratingRoutes } from './ratings.routes.js';
import { resolveShareTargets } from './resolve-people.js';
import { ticketDetail } from './ticket-detail.js';
import { claimIdempotencyKey, findIdempotencyKey, storeIdempotentResponse } from './idempotency.repository.js';
import { findUsableProject, insertTicket } from './tickets.repository.js';
import { portalPatch, portalPolicy, updateTicket } from './update-ticket.js';
import { countVisibleTickets, listVisibleTickets } from './visible-tickets.repository.js';
import {
  CountsQuery,
  CreateTicketBody,
  ListQuery,
  PatchTicketBody,
  SlugParams,
  TicketDetailSchema,
  TicketIdParams,
  TicketPageSchema,
  ViewCountsSchema,
  type TicketDetail,
} from './tickets.schemas.js';
import { CLOSED_STATUSES } from './ticket-fields.js';

const listRoute = createRoute({
  method: 'get',
  path: '/tickets',
  summary: 'Tickets the signed-in customer may see, one page at a time',
  request: { params: SlugParams, query: ListQuery },
  responses: { 200: jsonResponse(TicketPageSchema, 'A page of tickets'), ...errorResponses },
});

const countsRoute = createRoute({
  method: 'get',
  path: '/tickets/counts',
  summary: "How many tickets each of the customer's views holds (capped at 99), in one cheap query",
  request: { params: SlugParams, query: CountsQuery },
  responses: { 200: jsonResponse(ViewCountsSchema, 'A count per view, in the order asked'), ...errorResponses },
});

const createTicketRoute = createRoute({
  method: 'post',
  path: '/tickets',
  summary: 'Open a ticket; an Idempotency-Key header makes retries safe',
  request: {
    params: SlugParams,
    headers: z.object({
      'idempotency-key': z
        .string()
        .regex(/^[\x21-\x7e]{1,200}$/)
        .optional(),
    }),
    body: jsonBody(CreateTicketBody),
  },
  responses: {
    201: jsonResponse(TicketDetailSchema, 'The new ticket'),
    ...errorResponses,
    422: jsonResponse(z.unknown(), 'Idempotency-Key reused with another body'),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/tickets/{id}',
  summary: 'One ticket with the properties the portal shows',
  request: { params: TicketIdParams },
  responses: { 200: jsonResponse(TicketDetailSchema, 'The ticket'), ...errorResponses },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/tickets/{id}',
  summary: 'Change the properties the portal marks editable',
  request: { params: TicketIdParams, body: jsonBody(PatchTicketBody) },
  responses: { 200: jsonResponse(TicketDetailSchema, 'The changed ticket'), ...errorResponses },
});

const statusRoute = (action: 'close' | 'reopen') =>
  createRoute({
    method: 'post',
    path: `/tickets/{id}/${action}`,
    summary: action === 'close' ? 'Close a ticket' : 'Reopen a closed ticket',
    request: { params: TicketIdParams },
    responses: { 200: jsonResponse(TicketDetailSchema, 'The ticket'), ...errorResponses, 409: errorResponses[400] },
  });

/** Stable JSON (sorted keys), so the same body always hashes the same for Idempotency-Key. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

async function detailOf(c: Context<AppEnv>, id: string): Promise<TicketDetail> {
  const ticket = await visibleTicketOr404(c, id);
  return ticketDetail(c.var.deps.db.kysely, c.var.viewer, c.var.portal, ticket, localeOf(c));
}

/** The customer API for tickets, mounted in the portal scope (`portalApp`). Every read goes through the visibility rule. */
export function customerTicketsApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const page = await listVisibleTickets(c.var.deps.db.kysely, c.var.viewer, c.var.portal, c.req.valid('query'));
    return c.json(page, 200);
  });

  // Before `/tickets/{id}`, which would take `counts` for an id.
  app.openapi(countsRoute, async (c) => {
    const views = c.req.valid('query').views.split(',');
    const counts = await countVisibleTickets(c.var.deps.db.kysely, c.var.viewer, c.var.portal, views);
    return c.json({ counts }, 200);
  });

  app.openapi(detailRoute, async (c) => c.json(await detailOf(c, c.req.valid('param').id), 200));

  app.openapi(createTicketRoute, async (c) => {
    assertWritable(c);
    const body = c.req.valid('json');
    const idempotencyKey = c.req.valid('header')['idempotency-key'];
    const { viewer, portal } = c.var;
    const { config } = portal;
    const db = c.var.deps.db.kysely;

    if (!config.visibleTypeIds.includes(body.typeId)) throw badRequest('typeId', 'this type cannot be used here.');
    if (body.priority !== undefined) {
      if (!config.customerSetsPriority) throw badRequest('priority', 'cannot be chosen in this portal.');
      if (!config.priorities.includes(body.priority)) throw badRequest('priority', 'is not offered in this portal.');
    }
    const priority = body.priority ?? (config.priorities.includes('medium') ? 'medium' : config.priorities[0]!);
    const customFields = await listCustomFields(db);
    const custom = parseCustomValues(fieldsForType(customFields, body.typeId), body.custom);
    const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');

    const outcome = await db.transaction().execute(async (trx) => {
      await limitPosts(c, trx);
      const now = nowIso(c);
      if (body.projectId && !(await findUsableProject(trx, viewer, body.projectId))) {
        throw badRequest('projectId', 'this project cannot be used here.');
      }
      if (idempotencyKey) {
        const claim = { userId: viewer.userId, key: idempotencyKey, portalId: portal.id, requestHash, now };
        if (!(await claimIdempotencyKey(trx, claim))) {
          // Another request with this key committed first: replay its answer.
          const earlier = await findIdempotencyKey(trx, viewer.userId, idempotencyKey);
          if (earlier.request_hash !== requestHash || earlier.portal_id !== portal.id) {
            throw new ApiError(
              422,
              'idempotency_key_reused',
              'This Idempotency-Key was used with a different request.',
              'Idempotency-Key',
            );
          }
          if (earlier.response_body === null) {
            throw new ApiError(
              409,
              'in_progress',
              'A request with this Idempotency-Key is still in progress.',
              'Idempotency-Key',
            );
          }
          return JSON.parse(earlier.response_body) as TicketDetail;
        }
      }
      const followerIds = await resolveShareTargets(
        trx,
        viewer,
        body.followers.map((email) => ({ email })),
        {
          allowNew: config.selfSignUp,
          fieldFor: (i) => `followers.${i}`,
          now,
        },
      );
      const ticket = await insertTicket(trx, {
        kind: config.kind,
        typeId: body.typeId,
        projectId: body.projectId ?? null,
        title: body.title,
        description: body.description,
        priority,
        requesterId: viewer.userId,
        organizationId: viewer.organizationId,
        private: body.private,
        custom,
        followerIds,
        actorId: viewer.userId,
        now,
      });
      const detail = await ticketDetail(trx, viewer, portal, ticket, localeOf(c), {
        fields: customFields,
        created: true,
      });
      if (idempotencyKey) await storeIdempotentResponse(trx, viewer.userId, idempotencyKey, 201, detail);
      return detail;
    });
    return c.json(outcome, 201);
  });

  app.openapi(patchRoute, async (c) => {
    assertWritable(c);
    const { id } = c.req.valid('param');
    const ticket = await visibleTicketOr404(c, id);
    const { config } = c.var.portal;
    const db = c.var.deps.db.kysely;
    const patch = portalPatch(
      c.req.valid('json'),
      config,
      (await listCustomFields(db)).map((f) => f.key),
    );
    await db
      .transaction()
      .execute((trx) => updateTicket(trx, ticket.id, patch, portalPolicy(config), c.var.viewer.userId, nowIso(c)));
    return c.json(await detailOf(c, id), 200);
  });

  for (const action of ['close', 'reopen'] as const) {
    app.openapi(statusRoute(action), async (c) => {
      const { id } = c.req.valid('param');
      const ticket = await managedTicketOr404(c, id);
      const isClosed = CLOSED_STATUSES.includes(ticket.status as never);
      if (action === 'close' && isClosed) throw new ApiError(409, 'already_closed', 'This ticket is already closed.');
      if (action === 'reopen' && !isClosed) throw new ApiError(409, 'not_closed', 'This ticket is not closed.');
      const patch = { status: action === 'close' ? 'closed' : 'open' };
      await c.var.deps.db.kysely
        .transaction()
        .execute((trx) =>
          updateTicket(trx, ticket.id, patch, portalPolicy(c.var.portal.config), c.var.viewer.userId, nowIso(c)),
        );
      return c.json(await detailOf(c, id), 200);
    });
  }

  app.route('/', conversationRoutes());
  app.route('/', ratingRoutes());
  return app;
}
