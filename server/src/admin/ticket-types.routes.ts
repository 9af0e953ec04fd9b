import { createRoute, z } from '@hono/zod-openapi';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { TicketType } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { toTicketTypeDto } from '../tickets/catalog.repository.js';
import { TicketTypeSchema } from '../tickets/catalog.schemas.js';
import { nowIso } from '../http/clock.js';
import { recordAudit } from '../audit/audit.js';
import { conflict, isForeignKeyViolation, uniqueOr409 } from './admin-access.js';
import { conflictResponse, IdParams, lineText, noContent, PageQuery, pageSchema } from './admin.schemas.js';
import { decodeCursor } from '../http/cursor.js';
import { toPage } from './pagination.js';
import { rewritePortalConfigs } from './portal-references.js';
import {
  deleteType,
  dropTypeFromFields,
  findType,
  insertType,
  listTypesPage,
  nextPosition,
  typeInUse,
  typeKeyTaken,
  updateType,
} from './ticket-types.repository.js';

/** Matches what a portal's `type:<key>` view accepts. */
const TypeKey = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 characters of a-z, 0-9, _ and -');
const Position = z.number().int().min(0).max(1_000_000);

const CreateTypeBody = z
  .strictObject({ key: TypeKey, name: lineText(120), position: Position.optional() })
  .openapi('AdminCreateTicketType');
const PatchTypeBody = z
  .strictObject({ key: TypeKey.optional(), name: lineText(120).optional(), position: Position.optional() })
  .openapi('AdminPatchTicketType');

const tags = ['admin: ticket types'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Ticket (request) types in their display order',
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(TicketTypeSchema, 'AdminTicketTypePage'), 'A page'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One ticket type',
  request: { params: IdParams },
  responses: { 200: jsonResponse(TicketTypeSchema, 'The type'), ...errorResponses },
});
const createTypeRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a ticket type (placed last unless `position` is given)',
  request: { body: jsonBody(CreateTypeBody) },
  responses: { 201: jsonResponse(TicketTypeSchema, 'Created'), ...errorResponses, ...conflictResponse },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Rename, re-key or move a ticket type',
  request: { params: IdParams, body: jsonBody(PatchTypeBody) },
  responses: { 200: jsonResponse(TicketTypeSchema, 'Changed'), ...errorResponses, ...conflictResponse },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a ticket type no ticket uses; portals and fields stop naming it',
  request: { params: IdParams },
  responses: { ...noContent, ...errorResponses, ...conflictResponse },
});

async function typeOr404(db: Executor, id: string): Promise<TicketType> {
  const row = await findType(db, id);
  if (!row) throw notFound('ticket type');
  return row;
}

async function assertKeyFree(db: Executor, key: string, exceptId: string | null): Promise<void> {
  if (await typeKeyTaken(db, key, exceptId)) throw conflict('key', 'another ticket type has this key.');
}

/** What the audit log keeps of a type. */
function auditView(row: TicketType) {
  const { id: _id, ...rest } = toTicketTypeDto(row);
  return rest;
}

/** `/admin/ticket-types`: agents and admins. */
export function ticketTypesApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const from = cursor ? decodeCursor(cursor, ['number', 'string']) : null;
    const page = toPage(await listTypesPage(c.var.deps.db.kysely, { from, limit }), limit, (r) => [
      Number(r.position),
      r.id,
    ]);
    return c.json({ items: page.items.map(toTicketTypeDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) =>
    c.json(toTicketTypeDto(await typeOr404(c.var.deps.db.kysely, c.req.valid('param').id)), 200),
  );

  app.openapi(createTypeRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    await assertKeyFree(db, body.key, null);
    const position = body.position ?? (await nextPosition(db, 'ticket_types'));
    const row: TicketType = { id: newId(), key: body.key, name: body.name, position, created_at: nowIso(c) };
    await uniqueOr409('key', 'another ticket type has this key.', () =>
      db.transaction().execute(async (trx) => {
        await insertType(trx, row);
        await recordAudit(trx, c, {
          action: 'ticket_type.create',
          target: { type: 'ticket_type', id: row.id, label: row.name },
          before: null,
          after: auditView(row),
        });
      }),
    );
    return c.json(toTicketTypeDto(row), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const type = await typeOr404(db, id);
    if (body.key !== undefined) await assertKeyFree(db, body.key, id);
    const changes = {
      ...(body.key !== undefined ? { key: body.key } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.position !== undefined ? { position: body.position } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await uniqueOr409('key', 'another ticket type has this key.', () =>
        db.transaction().execute(async (trx) => {
          await updateType(trx, id, changes);
          await recordAudit(trx, c, {
            action: 'ticket_type.update',
            target: { type: 'ticket_type', id, label: changes.name ?? type.name },
            before: auditView(type),
            after: auditView({ ...type, ...changes }),
          });
        }),
      );
    }
    return c.json(toTicketTypeDto({ ...type, ...changes }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    const type = await typeOr404(db, id);
    const now = nowIso(c);
    const inUse = () => new ApiError(409, 'in_use', 'Tickets of this type exist; it cannot be deleted.');
    await db
      .transaction()
      .execute(async (trx) => {
        // Checked inside the transaction, so a ticket created meanwhile either blocks the delete or fails on its FK.
        if (await typeInUse(trx, id)) throw inUse();
        await rewritePortalConfigs(
          trx,
          (config) => ({ ...config, visibleTypeIds: config.visibleTypeIds.filter((t) => t !== id) }),
          now,
        );
        await dropTypeFromFields(trx, id);
        await deleteType(trx, id);
        await recordAudit(trx, c, {
          action: 'ticket_type.delete',
          target: { type: 'ticket_type', id, label: type.name },
          before: auditView(type),
          after: null,
        });
      })
      .catch((err: unknown) => {
        throw isForeignKeyViolation(err) ? inUse() : err;
      });
    return c.body(null, 204);
  });

  return app;
}
