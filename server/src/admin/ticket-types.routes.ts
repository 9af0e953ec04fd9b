import { createRoute, z } from '@hono/zod-openapi';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { TicketType } from '../db/schema.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import { listPortals, updatePortalConfig } from '../portals/portals.repository.js';
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

/** The portals that show the type, by slug: every portal listed shows it, every other one stops showing it. */
const PortalSlugs = z.array(z.string().min(1).max(64)).max(200);
const CreateTypeBody = z
  .strictObject({
    key: TypeKey,
    name: lineText(120),
    position: Position.optional(),
    portalSlugs: PortalSlugs.optional(),
  })
  .openapi('AdminCreateTicketType');
const PatchTypeBody = z
  .strictObject({
    key: TypeKey.optional(),
    name: lineText(120).optional(),
    position: Position.optional(),
    portalSlugs: PortalSlugs.optional(),
  })
  .openapi('AdminPatchTicketType');

/** A type as the admin API shows it: with the portals that show it (each portal's `visibleTypeIds`). */
const AdminTicketTypeSchema = TicketTypeSchema.extend({ portalSlugs: z.array(z.string()) }).openapi('AdminTicketType');

const tags = ['admin: ticket types'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Ticket (request) types in their display order',
  request: { query: PageQuery },
  responses: {
    200: jsonResponse(pageSchema(AdminTicketTypeSchema, 'AdminTicketTypePage'), 'A page'),
    ...errorResponses,
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One ticket type',
  request: { params: IdParams },
  responses: { 200: jsonResponse(AdminTicketTypeSchema, 'The type'), ...errorResponses },
});
const createTypeRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary:
    'Create a ticket type (placed last unless `position` is given); `portalSlugs` lists the portals that show it (none when absent)',
  request: { body: jsonBody(CreateTypeBody) },
  responses: { 201: jsonResponse(AdminTicketTypeSchema, 'Created'), ...errorResponses, ...conflictResponse },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary:
    'Rename, re-key or move a ticket type, or set the portals that show it (`portalSlugs`: those listed show it, the others stop), in one transaction',
  request: { params: IdParams, body: jsonBody(PatchTypeBody) },
  responses: { 200: jsonResponse(AdminTicketTypeSchema, 'Changed'), ...errorResponses, ...conflictResponse },
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
function auditView(row: TicketType, portalSlugs: string[]) {
  const { id: _id, ...rest } = toTicketTypeDto(row);
  return { ...rest, portalSlugs };
}

/** Slugs of the portals showing each type, by type id. */
async function portalsShowing(db: Kysely<Database>): Promise<(typeId: string) => string[]> {
  const portals = await listPortals(db);
  return (typeId) => portals.filter((p) => p.config.visibleTypeIds.includes(typeId)).map((p) => p.slug);
}

/** Every slug must name a portal; repeats are dropped. */
async function checkPortalSlugs(db: Kysely<Database>, slugs: string[]): Promise<Set<string>> {
  const known = new Set((await listPortals(db)).map((p) => p.slug));
  const missing = slugs.findIndex((s) => !known.has(s));
  if (missing >= 0) throw badRequest(`portalSlugs.${missing}`, 'no such portal.');
  return new Set(slugs);
}

/**
 * Makes exactly the portals in `slugs` show the type (inside the caller's
 * transaction): it is added to their `visibleTypeIds` and taken out of the
 * others', whose email default type falls back to the first visible one.
 */
async function setTypePortals(trx: Kysely<Database>, typeId: string, slugs: Set<string>, now: string): Promise<void> {
  for (const row of await listPortals(trx)) {
    const { config } = row;
    const shows = config.visibleTypeIds.includes(typeId);
    if (slugs.has(row.slug) === shows) continue;
    const next = slugs.has(row.slug)
      ? { ...config, visibleTypeIds: [...config.visibleTypeIds, typeId] }
      : {
          ...config,
          visibleTypeIds: config.visibleTypeIds.filter((t) => t !== typeId),
          email: {
            ...config.email,
            defaultTypeId: config.email.defaultTypeId === typeId ? null : config.email.defaultTypeId,
          },
        };
    await updatePortalConfig(trx, row.id, next, now);
  }
}

/** `/admin/ticket-types`: agents and admins. */
export function ticketTypesApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const from = cursor ? decodeCursor(cursor, ['number', 'string']) : null;
    const db = c.var.deps.db.kysely;
    const page = toPage(await listTypesPage(db, { from, limit }), limit, (r) => [Number(r.position), r.id]);
    const showing = await portalsShowing(db);
    return c.json(
      {
        items: page.items.map((r) => ({ ...toTicketTypeDto(r), portalSlugs: showing(r.id) })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });

  app.openapi(getRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const type = await typeOr404(db, c.req.valid('param').id);
    return c.json({ ...toTicketTypeDto(type), portalSlugs: (await portalsShowing(db))(type.id) }, 200);
  });

  app.openapi(createTypeRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    await assertKeyFree(db, body.key, null);
    const slugs = await checkPortalSlugs(db, body.portalSlugs ?? []);
    const position = body.position ?? (await nextPosition(db, 'ticket_types'));
    const now = nowIso(c);
    const row: TicketType = { id: newId(), key: body.key, name: body.name, position, created_at: now };
    await uniqueOr409('key', 'another ticket type has this key.', () =>
      db.transaction().execute(async (trx) => {
        await insertType(trx, row);
        await setTypePortals(trx, row.id, slugs, now);
        await recordAudit(trx, c, {
          action: 'ticket_type.create',
          target: { type: 'ticket_type', id: row.id, label: row.name },
          before: null,
          after: auditView(row, [...slugs].sort()),
        });
      }),
    );
    return c.json({ ...toTicketTypeDto(row), portalSlugs: (await portalsShowing(db))(row.id) }, 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const type = await typeOr404(db, id);
    if (body.key !== undefined) await assertKeyFree(db, body.key, id);
    const slugs = body.portalSlugs !== undefined ? await checkPortalSlugs(db, body.portalSlugs) : null;
    const before = (await portalsShowing(db))(id);
    const changes = {
      ...(body.key !== undefined ? { key: body.key } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.position !== undefined ? { position: body.position } : {}),
    };
    if (Object.keys(changes).length > 0 || slugs !== null) {
      await uniqueOr409('key', 'another ticket type has this key.', () =>
        db.transaction().execute(async (trx) => {
          if (Object.keys(changes).length > 0) await updateType(trx, id, changes);
          if (slugs !== null) await setTypePortals(trx, id, slugs, nowIso(c));
          await recordAudit(trx, c, {
            action: 'ticket_type.update',
            target: { type: 'ticket_type', id, label: changes.name ?? type.name },
            before: auditView(type, before),
            after: auditView({ ...type, ...changes }, slugs ? [...slugs].sort() : before),
          });
        }),
      );
    }
    return c.json({ ...toTicketTypeDto({ ...type, ...changes }), portalSlugs: (await portalsShowing(db))(id) }, 200);
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
          before: auditView(type, []),
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
