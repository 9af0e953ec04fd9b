import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createRoute, z } from '@hono/zod-openapi';
import busboy, { type Busboy } from 'busboy';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Viewer } from '../app-env.js';
import { requireViewer } from '../auth/require-viewer.js';
import { newId } from '../db/ids.js';
import type { AttachmentsTable } from '../db/schema.js';
import { ApiError, badRequest, ErrorSchema, notFound } from '../http/errors.js';
import { limitBody } from '../http/guards.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonResponse } from '../http/route-helpers.js';
import { findPortalById, findPortalBySlug, type Portal } from '../portals/portals.repository.js';
import { nowIso } from '../http/clock.js';
import { assertWritable, visibleTicketOr404 } from '../tickets/customer-scope.js';
import { findVisibleTicket } from '../tickets/visible-tickets.repository.js';
import { AttachmentSchema, TicketIdParams } from '../tickets/tickets.schemas.js';
import { audienceOf } from '../visibility/internal.js';
import { toAttachmentDto } from './attachment-dto.js';
import { findReadableAttachment, recordAttachment } from './attachments.repository.js';
import { contentDisposition, normalizeContentType, sanitizeFileName, servedContentType } from './file-metadata.js';
import { TooLargeError } from './storage.js';

/**
 * Uploads own their body limit: the upload limit, plus a little for the
 * multipart framing (the file's own size is checked exactly as it is stored).
 */
const uploadLimit = createMiddleware<AppEnv>((c, next) =>
  limitBody(c.var.deps.settings.maxUploadBytes + 64 * 1024)(c, next),
);

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

// The form is read by hand (see receiveFile), after the ticket is known to be
// visible; a plain schema object documents it without a zod validator.
const uploadRoute = createRoute({
  method: 'post',
  path: '/tickets/{id}/attachments',
  summary: 'Upload one file to a visible ticket; a message can then reference it by id',
  middleware: [uploadLimit],
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

/** Uploads take multipart only: anything else is a 415 naming `content-type`. */
export function assertMultipart(c: Context<AppEnv>): void {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'multipart/form-data') {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'content-type: send the file as multipart/form-data.',
      'content-type',
    );
  }
}

/**
 * Receives the request's one file and records it on `ticketId`, not yet on a
 * message, for the viewer (customer or staff) who sent it. When recording
 * fails, the stored bytes are deleted: nothing stays unrecorded.
 */
export async function storeUpload(c: Context<AppEnv>, ticketId: string) {
  const stored = await receiveFile(c);
  const { storage, db } = c.var.deps;
  const row: AttachmentsTable = {
    id: newId(),
    ticket_id: ticketId,
    message_id: null,
    uploader_id: c.var.viewer.userId,
    filename: sanitizeFileName(stored.filename),
    content_type: normalizeContentType(stored.mimeType),
    size: stored.size,
    storage_key: stored.key,
    created_at: nowIso(c),
  };
  try {
    // No file I/O inside the transaction: the bytes are already durable.
    await db.kysely.transaction().execute((trx) => recordAttachment(trx, row));
  } catch (error) {
    await storage.delete(stored.key).catch(() => undefined);
    throw error;
  }
  return toAttachmentDto(row);
}

/**
 * Uploading to a ticket, in the portal scope (`portalApp`). Mounted ahead of
 * the JSON body policy: it takes multipart only, within its own limit.
 */
export function uploadsApp() {
  const app = openApiApp();

  app.openapi(uploadRoute, async (c) => {
    assertMultipart(c);
    assertWritable(c);
    const ticket = await visibleTicketOr404(c, c.req.valid('param').id);
    return c.json(await storeUpload(c, ticket.id), 201);
  });

  return app;
}

/** Downloading an attachment, by id (not portal-scoped: the portal is a query parameter). */
export function downloadsApp() {
  const app = openApiApp();

  app.openapi(downloadRoute, async (c) => {
    const { viewer } = c.var;
    const { id } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    // Full staff sessions see every attachment; customers, previews and
    // portal-bound sessions look through one portal and its visibility rule.
    const audience = audienceOf(viewer);
    const portal = audience === 'staff' ? null : await viewingPortal(c, viewer, c.req.valid('query').portal);

    const row = await findReadableAttachment(db, id, audience);
    if (!row) throw notFound('attachment');
    if (audience === 'customer') {
      if (!portal || !(await findVisibleTicket(db, viewer, portal, row.ticket_id))) throw notFound('attachment');
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
  const portal =
    slug !== undefined
      ? await findPortalBySlug(db, slug)
      : viewer.portalId
        ? await findPortalById(db, viewer.portalId)
        : null;
  if (portal && viewer.portalId !== null && viewer.portalId !== portal.id) {
    throw new ApiError(401, 'unauthorized', 'This session belongs to another portal.');
  }
  return portal && portal.config.enabled ? portal : null;
}

export interface ReceivedFile {
  key: string;
  size: number;
  filename: string;
  mimeType: string;
}

type Stored = { ok: true; file: ReceivedFile } | { ok: false; error: unknown };

/** A multipart file name as browsers escape it (HTML's form encoding: `"`, CR and LF as %22, %0D, %0A). */
function formFileName(raw: string): string {
  return raw.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Field names are echoed in errors: cut to a readable length. */
const fieldName = (name: string) => name.slice(0, 60);

/**
 * Stores the multipart body's single `file` part as it arrives, so an upload
 * is never held whole in memory, and returns it once the body has ended. Any
 * other part, a second file or none is a 400 naming it; past the upload limit
 * a 413; either way nothing stays stored. `maxBytes` defaults to the upload
 * limit (logos have a smaller one).
 */
export async function receiveFile(
  c: Context<AppEnv>,
  maxBytes = c.var.deps.settings.maxUploadBytes,
): Promise<ReceivedFile> {
  const { storage } = c.var.deps;
  const body = c.req.raw.body;
  if (!body) throw badRequest('file', 'is required.');
  let parser: Busboy;
  try {
    // Plain fields are only ever errors here: keep them short.
    parser = busboy({
      headers: { 'content-type': c.req.header('content-type') ?? '' },
      defParamCharset: 'utf8',
      limits: { fieldSize: 1024, fields: 50, parts: 100 },
    });
  } catch {
    throw badRequest('body', 'is not valid multipart/form-data.');
  }

  const unknown: string[] = [];
  let files = 0;
  let textFile = false;
  // Set from an event handler, which the compiler cannot follow.
  let stored = null as Promise<Stored> | null;
  parser.on('field', (name) => {
    if (name === 'file') textFile = true;
    else unknown.push(name);
  });
  parser.on('file', (name, stream, info) => {
    if (name === 'file') files += 1;
    else unknown.push(name);
    if (name !== 'file' || files > 1) {
      stream.resume();
      return;
    }
    // Not destroyed when storage stops early (too large): the rest is read below, so the form still ends.
    const chunks = stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
    stored = storage.put(chunks, maxBytes).then(
      ({ key, size }): Stored => ({
        ok: true,
        file: { key, size, filename: formFileName(info.filename ?? ''), mimeType: info.mimeType },
      }),
      (error: unknown): Stored => {
        stream.resume();
        return { ok: false, error };
      },
    );
  });
  const ended = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', reject);
  });
  const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let malformed = false;
  await ended.catch(() => (malformed = true));
  const outcome: Stored | null = stored ? await stored : null;
  const refuse = async (error: ApiError): Promise<never> => {
    if (outcome?.ok) await storage.delete(outcome.file.key);
    throw error;
  };
  if (malformed) return refuse(badRequest('body', 'is not valid multipart/form-data.'));
  const [first] = unknown;
  if (first !== undefined) return refuse(badRequest(fieldName(first), 'unknown field.', 'unknown_field'));
  if (files === 0)
    return refuse(
      textFile ? badRequest('file', 'must be a file part with a filename.') : badRequest('file', 'is required.'),
    );
  if (files > 1) return refuse(badRequest('file', 'send one file per request.'));
  if (!outcome) return refuse(badRequest('file', 'is required.'));
  if (!outcome.ok) {
    if (outcome.error instanceof TooLargeError) {
      throw new ApiError(413, 'payload_too_large', 'is larger than {max} bytes.', 'file', {
        named: true,
        params: { max: maxBytes },
      });
    }
    throw outcome.error;
  }
  if (outcome.file.size === 0) return refuse(badRequest('file', 'is empty.'));
  return outcome.file;
}
