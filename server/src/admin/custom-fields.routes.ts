import { createRoute, z } from '@hono/zod-openapi';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import type { CustomField } from '../db/schema.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import { recordEvent } from '../tickets/tickets.repository.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/route-helpers.js';
import { toCustomFieldDto } from '../tickets/catalog.repository.js';
import { CustomFieldSchema } from '../tickets/catalog.schemas.js';
import { nowIso } from '../http/clock.js';
import { recordAudit } from '../audit/audit.js';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../tickets/ticket-fields.js';
import { conflict, uniqueOr409 } from './admin-access.js';
import { conflictResponse, IdParams, lineText, noContent, PageQuery, pageSchema } from './admin.schemas.js';
import {
  deleteField,
  dropFieldValues,
  existingTypeIds,
  fieldKeyTaken,
  findField,
  insertField,
  listFieldsPage,
  ticketsWithFieldValue,
  updateField,
} from './custom-fields.repository.js';
import { decodeCursor } from '../http/cursor.js';
import { toPage } from './pagination.js';
import { rewritePortalConfigs } from './portal-references.js';
import { nextPosition } from './ticket-types.repository.js';

/** Matches what a portal's `custom:<key>` detail property accepts. */
const FieldKey = z.string().regex(/^[a-z0-9_]{1,40}$/, 'must be 1-40 characters of a-z, 0-9 and _');
const Options = z.array(lineText(200)).min(1).max(100);
const TypeIds = z.array(z.string().min(1).max(64)).max(200);
const Position = z.number().int().min(0).max(1_000_000);

const CreateFieldBody = z
  .strictObject({
    key: FieldKey,
    label: lineText(200),
    type: z.enum(CUSTOM_FIELD_TYPES),
    /** Required for `select` fields, refused for the others. */
    options: Options.nullable().default(null),
    /** Ticket types the field belongs to; null for every type. */
    typeIds: TypeIds.nullable().default(null),
    required: z.boolean().default(false),
    position: Position.optional(),
  })
  .openapi('AdminCreateCustomField');
const PatchFieldBody = z
  .strictObject({
    /** Accepted only unchanged: the key names stored values and portal properties. */
    key: FieldKey.optional(),
    label: lineText(200).optional(),
    type: z.enum(CUSTOM_FIELD_TYPES).optional(),
    options: Options.nullable().optional(),
    typeIds: TypeIds.nullable().optional(),
    required: z.boolean().optional(),
    position: Position.optional(),
  })
  .openapi('AdminPatchCustomField');

const tags = ['admin: custom fields'];
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Custom fields in their display order',
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(CustomFieldSchema, 'AdminCustomFieldPage'), 'A page'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One custom field',
  request: { params: IdParams },
  responses: { 200: jsonResponse(CustomFieldSchema, 'The field'), ...errorResponses },
});
const createFieldRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a custom field',
  request: { body: jsonBody(CreateFieldBody) },
  responses: { 201: jsonResponse(CustomFieldSchema, 'Created'), ...errorResponses, ...conflictResponse },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a custom field (its key stays)',
  request: { params: IdParams, body: jsonBody(PatchFieldBody) },
  responses: { 200: jsonResponse(CustomFieldSchema, 'Changed'), ...errorResponses },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary:
    "Delete a custom field, its values on tickets, and portals' references to it. When tickets hold values, it asks " +
    'first: 409 `field_in_use` (the message gives the count; `GET …/usage` too) unless `?confirm=true`, which records ' +
    "on each such ticket's history that the field was removed and what its value was",
  request: { params: IdParams, query: z.strictObject({ confirm: z.enum(['true', 'false']).optional() }) },
  responses: { ...noContent, ...errorResponses, ...conflictResponse },
});
const usageRoute = createRoute({
  method: 'get',
  path: '/{id}/usage',
  tags,
  summary: 'How many tickets hold a value of this field (what deleting it would remove)',
  request: { params: IdParams },
  responses: {
    200: jsonResponse(z.object({ tickets: z.number().int() }).openapi('AdminCustomFieldUsage'), 'The count'),
    ...errorResponses,
  },
});

async function fieldOr404(db: Executor, id: string): Promise<CustomField> {
  const row = await findField(db, id);
  if (!row) throw notFound('custom field');
  return row;
}

/** Every id must name an existing ticket type; repeats are dropped. */
async function checkTypeIds(db: Executor, typeIds: string[] | null): Promise<string[] | null> {
  if (typeIds === null || typeIds.length === 0) return typeIds;
  const unique = [...new Set(typeIds)];
  const found = await existingTypeIds(db, unique);
  const missing = typeIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw badRequest(`typeIds.${missing}`, 'no such ticket type.');
  return unique;
}

/** Select fields need their options; no other type has any. */
function checkOptions(type: CustomFieldType, options: string[] | null): void {
  if (type === 'select') {
    if (options === null) throw badRequest('options', 'a select field needs its options.', 'required');
    const seen = new Set<string>();
    for (const [i, option] of options.entries()) {
      if (seen.has(option)) throw badRequest(`options.${i}`, 'is listed twice.');
      seen.add(option);
    }
  } else if (options !== null) {
    throw badRequest('options', 'only select fields have options.');
  }
}

/** What the audit log keeps of a field. */
function auditView(row: CustomField) {
  const { id: _id, ...rest } = toCustomFieldDto(row);
  return rest;
}

/** `/admin/custom-fields`: agents and admins. */
export function customFieldsApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const from = cursor ? decodeCursor(cursor, ['number', 'string']) : null;
    const page = toPage(await listFieldsPage(c.var.deps.db.kysely, { from, limit }), limit, (r) => [
      Number(r.position),
      r.id,
    ]);
    return c.json({ items: page.items.map(toCustomFieldDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) =>
    c.json(toCustomFieldDto(await fieldOr404(c.var.deps.db.kysely, c.req.valid('param').id)), 200),
  );

  app.openapi(createFieldRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    checkOptions(body.type, body.options);
    const typeIds = await checkTypeIds(db, body.typeIds);
    if (await fieldKeyTaken(db, body.key)) {
      throw conflict('key', 'another custom field has this key.');
    }
    const row: CustomField = {
      id: newId(),
      key: body.key,
      label: body.label,
      type: body.type,
      options: body.options === null ? null : JSON.stringify(body.options),
      type_ids: typeIds === null ? null : JSON.stringify(typeIds),
      required: body.required ? 1 : 0,
      position: body.position ?? (await nextPosition(db, 'custom_fields')),
      created_at: nowIso(c),
    };
    await uniqueOr409('key', 'another custom field has this key.', () =>
      db.transaction().execute(async (trx) => {
        await insertField(trx, row);
        await recordAudit(trx, c, {
          action: 'custom_field.create',
          target: { type: 'custom_field', id: row.id, label: row.label },
          before: null,
          after: auditView(row),
        });
      }),
    );
    return c.json(toCustomFieldDto(row), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.var.deps.db.kysely;
    const row = await fieldOr404(db, id);
    const current = toCustomFieldDto(row);
    if (body.key !== undefined && body.key !== row.key) {
      throw badRequest('key', 'cannot be changed: tickets and portals refer to the field by it.');
    }
    const type = body.type ?? current.type;
    // Leaving `select` drops the options unless the body sends some (which is then an error).
    const options = body.options !== undefined ? body.options : type === 'select' ? current.options : null;
    checkOptions(type, options);
    const typeIds = body.typeIds !== undefined ? await checkTypeIds(db, body.typeIds) : current.typeIds;
    const changes = {
      label: body.label ?? row.label,
      type,
      options: options === null ? null : JSON.stringify(options),
      type_ids: typeIds === null ? null : JSON.stringify(typeIds),
      required: body.required === undefined ? row.required : body.required ? (1 as const) : (0 as const),
      position: body.position ?? row.position,
    };
    await db.transaction().execute(async (trx) => {
      await updateField(trx, id, changes);
      await recordAudit(trx, c, {
        action: 'custom_field.update',
        target: { type: 'custom_field', id, label: changes.label },
        before: auditView(row),
        after: auditView({ ...row, ...changes }),
      });
    });
    return c.json(toCustomFieldDto({ ...row, ...changes }), 200);
  });

  app.openapi(usageRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const field = await fieldOr404(db, c.req.valid('param').id);
    return c.json({ tickets: (await ticketsWithFieldValue(db, field.key)).length }, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const confirmed = c.req.valid('query').confirm === 'true';
    const db = c.var.deps.db.kysely;
    const field = await fieldOr404(db, id);
    const property = `custom:${field.key}`;
    await db.transaction().execute(async (trx) => {
      const now = nowIso(c);
      // Counted inside the transaction: what is confirmed is what is removed.
      const affected = await ticketsWithFieldValue(trx, field.key);
      if (affected.length > 0 && !confirmed) {
        throw new ApiError(
          409,
          'field_in_use',
          '{count} tickets hold a value of this field; delete with ?confirm=true to remove the field and those values.',
          'confirm',
          { params: { count: affected.length } },
        );
      }
      for (const ticket of affected) {
        // Staff history only: a catalog change is not news to mail customers about.
        await recordEvent(trx, {
          ticketId: ticket.id,
          actorId: c.var.viewer.userId,
          type: 'custom_field_removed',
          data: { field: field.key, label: field.label, value: ticket.value },
          internal: true,
          now,
        });
      }
      await rewritePortalConfigs(
        trx,
        (config) => ({ ...config, detailProperties: config.detailProperties.filter((p) => p.property !== property) }),
        now,
      );
      await dropFieldValues(trx, field.key);
      await deleteField(trx, id);
      await recordAudit(trx, c, {
        action: 'custom_field.delete',
        target: { type: 'custom_field', id, label: field.label },
        before: auditView(field),
        after: null,
      });
    });
    return c.body(null, 204);
  });

  return app;
}
