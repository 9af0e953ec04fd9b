import { toAttachmentDto } from './attachment-dto.js';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Viewer } from '../app-env.js';
import { requireViewer } from '../auth/require-viewer.js';
import { newId } from '../db/ids.js';
import type { AttachmentsTable } from '../db/schema.js';
import { ApiError, badRequest, ErrorSchema, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonResponse } from '../http/route-helpers.js';
import { loadPortal, samePortal } from '../portals/load-portal.js';
import { findPortalById, findPortalBySlug, type Portal } from '../portals/portals.repository.js';
import { assertWritable, nowIso, visibleTicketOr404 } from '../tickets/customer-scope.js';
import { findVisibleTicket } from '../tickets/tickets.queries.js';
import { recordEvent } from '../tickets/tickets.repository.js';
import { AttachmentSchema, TicketIdParams } from '../tickets/tickets.schemas.js';
import { contentDisposition, normalizeContentType, sanitizeFileName, servedContentType } from './file-metadata.js';

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

// The form is read by hand (see readFilePart), after the ticket is known to be
// visible; a plain schema object documents it without a zod validator.
const uploadRoute = createRoute({
  method: 'post',
  path: '/portals/{slug}/tickets/{id}/attachments',
  summary: 'Upload one file to a visible ticket; a message can then reference it by id',
  middleware: [loadPortal, requireViewer(), samePortal],
  request: {
    params: TicketIdParams,
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

const downloadRoute = createRoute({
  method: 'get',
  path: '/attachments/{id}',
  summary: 'Download an attachment of a ticket the viewer may see; always as a download, never rendered',
  middleware: [requireViewer()],
  request: {
    params: z.object({ id: z.string().min(1).max(64) }),
    query: z.strictObject({
      /** The portal the customer looks through; defaults to the session's own portal. */
      portal: z.string().min(1).max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: 'The file, with Content-Disposition: attachment',
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    },
    ...errorResponses,
  },
});

/** Upload to and download from tickets. */
export function attachmentsApp() {
  const app = openApiApp();

  app.openapi(uploadRoute, async (c) => {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'multipart/form-data') {
      throw new ApiError(415, 'unsupported_media_type', 'content-type: send the file as multipart/form-data.', 'content-type');
    }
    assertWritable(c);
    const ticket = await visibleTicketOr404(c, c.req.valid('param').id);
    const file = await readFilePart(c);
    const { storage, settings, db } = c.var.deps;
    if (file.size > settings.maxUploadBytes) {
      throw new ApiError(413, 'payload_too_large', `file: is larger than ${settings.maxUploadBytes} bytes.`, 'file');
    }
    if (file.size === 0) throw badRequest('file', 'is empty.');

    const stored = await storage.put(new Uint8Array(await file.arrayBuffer()));
    const row: AttachmentsTable = {
      id: newId(),
      ticket_id: ticket.id,
      message_id: null,
      uploader_id: c.var.viewer.userId,
      filename: sanitizeFileName(file.name),
      content_type: normalizeContentType(file.type),
      size: stored.size,
      storage_key: stored.key,
      created_at: nowIso(c),
    };
    try {
      // No file I/O inside the transaction: the bytes are already durable.
      await db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('attachments').values(row).execute();
        await recordEvent(trx, {
          ticketId: ticket.id,
          actorId: row.uploader_id,
          type: 'attachment_added',
          data: { attachmentId: row.id, filename: row.filename, size: row.size },
          now: row.created_at,
        });
      });
    } catch (error) {
      await storage.delete(stored.key).catch(() => undefined);
      throw error;
    }
    return c.json(toAttachmentDto(row), 201);
  });

  app.openapi(downloadRoute, async (c) => {
    const { viewer } = c.var;
    const { id } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    // Full staff sessions see every attachment; customers, previews and
    // portal-bound sessions look through one portal and its visibility rule.
    const unrestricted = viewer.role !== 'customer' && viewer.portalId === null && !viewer.readOnly;
    const portal = unrestricted ? null : await viewingPortal(c, viewer, c.req.valid('query').portal);

    const row = await db
      .selectFrom('attachments as a')
      .leftJoin('messages as m', 'm.id', 'a.message_id')
      .select(['a.ticket_id', 'a.filename', 'a.content_type', 'a.storage_key', 'm.internal'])
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('attachment');
    if (!unrestricted) {
      if (!portal || Number(row.internal ?? 0) === 1) throw notFound('attachment');
      if (!(await findVisibleTicket(db, viewer, portal, row.ticket_id))) throw notFound('attachment');
    }

    const file = await c.var.deps.storage.read(row.storage_key);
    if (!file) throw notFound('attachment');
    return c.body(file.stream, 200, {
      'Content-Type': servedContentType(row.content_type),
      'Content-Length': String(file.size),
      'Content-Disposition': contentDisposition(row.filename),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'private, no-store',
    });
  });

  return app;
}

/**
 * The portal a customer-side download looks through: `?portal=<slug>`, else
 * the session's own. A session bound to portal A naming portal B is refused
 * like every other portal route does (401); an unknown or disabled portal is
 * the same 404 as a missing attachment.
 */
async function viewingPortal(c: Context<AppEnv>, viewer: Viewer, slug: string | undefined): Promise<Portal | null> {
  const db = c.var.deps.db.kysely;
  const portal = slug !== undefined ? await findPortalBySlug(db, slug) : viewer.portalId ? await findPortalById(db, viewer.portalId) : null;
  if (portal && viewer.portalId !== null && viewer.portalId !== portal.id) {
    throw new ApiError(401, 'unauthorized', 'This session belongs to another portal.');
  }
  return portal && portal.config.enabled ? portal : null;
}

/** The single `file` part of the multipart body; any other part, or none, is a 400 naming it. */
async function readFilePart(c: Context<AppEnv>): Promise<File> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw badRequest('body', 'is not valid multipart/form-data.');
  }
  for (const key of form.keys()) {
    if (key !== 'file') throw new ApiError(400, 'unknown_field', `${key.slice(0, 60)}: unknown field.`, key.slice(0, 60));
  }
  const parts = form.getAll('file');
  const [part] = parts;
  if (part === undefined) throw badRequest('file', 'is required.');
  if (parts.length > 1) throw badRequest('file', 'send one file per request.');
  if (typeof part === 'string') throw badRequest('file', 'must be a file part with a filename.');
  return part;
}


