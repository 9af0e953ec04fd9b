import { createRoute, z } from '@hono/zod-openapi';
import { sameSecret } from '../auth/secrets.js';
import { decodeCursor } from '../http/cursor.js';
import { toPage } from '../admin/pagination.js';
import { requireAdmin } from '../admin/admin-access.js';
import { PageQuery } from '../admin/admin.schemas.js';
import type { InboundMessagesTable } from '../db/schema.js';
import { ApiError, badRequest, ErrorSchema, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonResponse } from '../http/route-helpers.js';
import { TooLargeError } from '../uploads/storage.js';
import { acceptInbound } from './inbound-store.js';
import { findInbound, listInboundPage, requeueFailed } from './inbound.repository.js';

/** Where the raw-MIME endpoint is; app.ts keeps the JSON-only guard off it. */
export const INBOUND_MIME_PATH = '/api/v1/inbound/mime';

/** Media types the raw-MIME endpoint takes. */
const MIME_TYPES = ['message/rfc822', 'application/octet-stream', 'text/plain'];

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

const Accepted = z
  .object({
    id: z.string(),
    duplicate: z.boolean().describe('A message with this Message-ID was stored before: nothing new was kept'),
  })
  .openapi('InboundAccepted');

const mimeRoute = createRoute({
  method: 'post',
  path: '/inbound/mime',
  tags: ['inbound email'],
  summary: 'Hand over one raw email (RFC 5322), e.g. from a local MTA pipe or a mail provider webhook',
  description:
    'Authenticated with `Authorization: Bearer <INBOUND_HTTP_TOKEN>`. Answers 202 only once the message is stored and committed; ' +
    'processing follows in the background. Sending the same message again (same Message-ID) stores nothing new.',
  request: {
    body: {
      required: true,
      content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } },
    },
  },
  responses: {
    202: jsonResponse(Accepted, 'Stored; it will be processed'),
    401: errorResponse('Missing or wrong token'),
    404: errorResponse('Email in over HTTP is not configured'),
    413: errorResponse('Larger than the inbound message limit'),
    415: errorResponse('Not message/rfc822'),
  },
});

/** `POST /inbound/mime`: the authenticated raw-MIME endpoint. */
export function inboundMimeApp() {
  const app = openApiApp();
  app.openapi(mimeRoute, async (c) => {
    const { settings, db, storage, clock } = c.var.deps;
    const inbound = settings.inbound;
    if (!inbound?.httpToken) throw notFound('route');
    const given = /^Bearer (\S{1,500})$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!given || !sameSecret(given, inbound.httpToken)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'unauthorized', 'a valid inbound token is required.', 'authorization', { named: true });
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!MIME_TYPES.includes(type)) {
      throw new ApiError(415, 'unsupported_media_type', 'send the email as message/rfc822.', 'content-type', {
        named: true,
      });
    }
    const body = c.req.raw.body;
    if (!body) throw badRequest('body', 'the email is missing.');
    try {
      const accepted = await acceptInbound(
        { db: db.kysely, storage, now: () => clock.now(), maxMessageBytes: inbound.maxMessageBytes },
        body as unknown as AsyncIterable<Uint8Array>,
        { transport: 'http', from: null, to: [] },
      );
      c.var.deps.inbound?.wake();
      return c.json(accepted, 202);
    } catch (error) {
      if (error instanceof TooLargeError) {
        throw new ApiError(413, 'payload_too_large', 'the email is larger than {max} bytes.', 'body', {
          named: true,
          params: { max: inbound.maxMessageBytes },
        });
      }
      throw error;
    }
  });
  return app;
}

const STATUSES = ['pending', 'processing', 'done', 'ignored', 'refused', 'failed'] as const;

const InboundMessageSchema = z
  .object({
    id: z.string(),
    transport: z.string(),
    messageId: z.string().describe('The Message-ID, or sha256:<hex> of the bytes when it had none'),
    sender: z.string().nullable(),
    subject: z.string().nullable(),
    size: z.number(),
    status: z.enum(STATUSES),
    reason: z.string().nullable().describe('Why it was ignored, refused or failed; what it became when done'),
    attempts: z.number(),
    ticketId: z.string().nullable(),
    messageRef: z.string().nullable().describe('The ticket message it created, if any'),
    receivedAt: z.string(),
    processedAt: z.string().nullable(),
  })
  .openapi('InboundMessage');

const tags = ['admin: inbound email'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Emails taken in, newest first, with what became of each (admins)',
  middleware: [requireAdmin],
  request: { query: PageQuery.extend({ status: z.enum(STATUSES).optional() }) },
  responses: {
    200: jsonResponse(
      z
        .object({ items: z.array(InboundMessageSchema), nextCursor: z.string().nullable() })
        .openapi('InboundMessagePage'),
      'A page',
    ),
    ...errorResponses,
  },
});
const retryRoute = createRoute({
  method: 'post',
  path: '/{id}/retry',
  tags,
  summary: 'Process a failed email again, e.g. after fixing a portal (admins)',
  middleware: [requireAdmin],
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: jsonResponse(InboundMessageSchema, 'Queued again'),
    ...errorResponses,
    409: errorResponse('Only failed emails are retried'),
  },
});

function toDto(row: InboundMessagesTable): z.infer<typeof InboundMessageSchema> {
  return {
    id: row.id,
    transport: row.transport,
    messageId: row.message_key,
    sender: row.sender,
    subject: row.subject,
    size: Number(row.size),
    status: row.status,
    reason: row.reason,
    attempts: Number(row.attempts),
    ticketId: row.ticket_id,
    messageRef: row.message_id,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
  };
}

/** `/admin/inbound`: what came in by email and what became of it, for admins. */
export function inboundAdminApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit, status } = c.req.valid('query');
    const key = cursor ? decodeCursor(cursor, ['string', 'string']) : null;
    const rows = await listInboundPage(c.var.deps.db.kysely, { status, after: key, limit });
    const page = toPage(rows, limit, (row) => [row.received_at, row.id]);
    return c.json({ items: page.items.map(toDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(retryRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const { id } = c.req.valid('param');
    const row = await findInbound(db, id);
    if (!row) throw notFound('inbound email');
    if (row.status !== 'failed') {
      throw new ApiError(409, 'conflict', 'only failed emails are retried; this one is {status}.', 'status', {
        named: true,
        params: { status: row.status },
      });
    }
    const updated = await requeueFailed(db, id);
    c.var.deps.inbound?.wake();
    return c.json(toDto(updated), 200);
  });

  return app;
}
