import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { Database, TicketType } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { toTicketTypeDto } from '../tickets/catalog.repository.js';
import { TicketTypeSchema } from '../tickets/catalog.schemas.js';
import { nowIso } from '../tickets/customer-scope.js';
import { conflict, isForeignKeyViolation, uniqueOr409 } from './admin-access.js';
import { conflictResponse, IdParams, lineText, noContent, PageQuery, pageSchema } from './admin.schemas.js';
import { decodeCursor } from '../http/cursor.js';
import { after, toPage } from './pagination.js';
import { rewritePortalConfigs } from './portal-references.js';

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

async function findType(db: Kysely<Database>, id: string): Promise<TicketType> {
  const row = await db.selectFrom('ticket_types').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('ticket type');
  return row;
}

async function assertKeyFree(db: Kysely<Database>, key: string, exceptId: string | null): Promise<void> {
  let query = db.selectFrom('ticket_types').select('id').where('key', '=', key);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw conflict('key', 'another ticket type has this key.');
}

/** `/admin/ticket-types`: agents and admins. */
export function ticketTypesApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    let query = c.var.deps.db.kysely.selectFrom('ticket_types').selectAll().orderBy('position').orderBy('id').limit(limit + 1);
    if (cursor) query = query.where(after('position', 'id', decodeCursor(cursor, ['number', 'string'])));
    const page = toPage(await query.execute(), limit, (r) => [Number(r.position), r.id]);
    return c.json({ items: page.items.map(toTicketTypeDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) => c.json(toTicketTypeDto(await findType(c.var.deps.db.kysely, c.req.valid('param').id)), 200));

  app.openapi(createTypeRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    await assertKeyFree(db, body.key, null);
    const position = body.position ?? (await nextPosition(db, 'ticket_types'));
    const row: TicketType = { id: newId(), key: body.key, name: body.name, position, created_at: nowIso(c) };
    await uniqueOr409('key', 'another ticket type has this key.', () => db.insertInto('ticket_types').values(row).execute());
    return c.json(toTicketTypeDto(row), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const type = await findType(db, id);
    if (body.key !== undefined) await assertKeyFree(db, body.key, id);
    const changes = {
      ...(body.key !== undefined ? { key: body.key } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.position !== undefined ? { position: body.position } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await uniqueOr409('key', 'another ticket type has this key.', () =>
        db.updateTable('ticket_types').set(changes).where('id', '=', id).execute(),
      );
    }
    return c.json(toTicketTypeDto({ ...type, ...changes }), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.db.kysely;
    await findType(db, id);
    const now = nowIso(c);
    const inUse = () => new ApiError(409, 'in_use', 'Tickets of this type exist; it cannot be deleted.');
    await db.transaction().execute(async (trx) => {
      // Checked inside the transaction, so a ticket created meanwhile either blocks the delete or fails on its FK.
      const used = await trx.selectFrom('tickets').select('id').where('type_id', '=', id).limit(1).executeTakeFirst();
      if (used) throw inUse();
      await rewritePortalConfigs(trx, (config) => ({ ...config, visibleTypeIds: config.visibleTypeIds.filter((t) => t !== id) }), now);
      const fields = await trx.selectFrom('custom_fields').select(['id', 'type_ids']).where('type_ids', 'is not', null).execute();
      for (const field of fields) {
        const typeIds = JSON.parse(field.type_ids ?? '[]') as string[];
        if (typeIds.includes(id)) {
          await trx
            .updateTable('custom_fields')
            .set({ type_ids: JSON.stringify(typeIds.filter((t) => t !== id)) })
            .where('id', '=', field.id)
            .execute();
        }
      }
      await trx.deleteFrom('ticket_types').where('id', '=', id).execute();
    }).catch((err: unknown) => {
      throw isForeignKeyViolation(err) ? inUse() : err;
    });
    return c.body(null, 204);
  });

  return app;
}

/** One past the highest position, so a new entry goes last. */
export async function nextPosition(db: Kysely<Database>, table: 'ticket_types' | 'custom_fields'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('position').as('max'))
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}
