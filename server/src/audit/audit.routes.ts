import { createRoute, z } from '@hono/zod-openapi';
import type { AuditEventsTable } from '../db/schema.js';
import { requireAdmin } from '../admin/admin-access.js';
import { PageQuery, pageSchema } from '../admin/admin.schemas.js';
import { toPage } from '../admin/pagination.js';
import { decodeCursor } from '../http/cursor.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses, jsonResponse } from '../http/route-helpers.js';
import { AUDIT_TARGET_TYPES, type AuditChanges } from './audit.js';
import { listAuditPage } from './audit.repository.js';

export const AuditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    /** Who made the change, as they were named then; `id` null if unknown. */
    actor: z.object({ id: z.string().nullable(), name: z.string(), email: z.string() }),
    /** `<target type>.<verb>`: `portal.update`, `user.deactivate`, `project.follower.add`, … */
    action: z.string(),
    target: z.object({ type: z.enum(AUDIT_TARGET_TYPES), id: z.string(), label: z.string() }),
    /** The changed keys only (nested ones dotted: `branding.light.mainColor`), never a secret. */
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  })
  .openapi('AuditEvent');
type AuditEvent = z.infer<typeof AuditEventSchema>;

const ListQuery = PageQuery.extend({
  targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
  targetId: z.string().min(1).max(64).optional(),
  actorId: z.string().min(1).max(64).optional(),
});

function toDto(row: AuditEventsTable): AuditEvent {
  return {
    id: row.id,
    at: row.created_at,
    actor: { id: row.actor_id, name: row.actor_name, email: row.actor_email },
    action: row.action,
    target: {
      type: row.target_type as AuditEvent['target']['type'],
      id: row.target_id,
      label: row.target_label,
    },
    changes: JSON.parse(row.changes) as AuditChanges,
  };
}

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['admin: audit'],
  summary:
    'The settings audit log, newest first (admins): who changed what and when, with the before and after of each changed key. ' +
    'Filter by `targetType` (and `targetId`) or by `actorId`',
  middleware: [requireAdmin],
  request: { query: ListQuery },
  responses: { 200: jsonResponse(pageSchema(AuditEventSchema, 'AuditEventPage'), 'A page'), ...errorResponses },
});

/** `/admin/audit`: admins only. */
export function auditApp() {
  const app = openApiApp();

  app.openapi(listRoute, async (c) => {
    const { cursor, limit, targetType, targetId, actorId } = c.req.valid('query');
    const before = cursor ? decodeCursor(cursor, ['string', 'string']) : null;
    const rows = await listAuditPage(c.var.deps.db.kysely, { before, targetType, targetId, actorId, limit });
    const page = toPage(rows, limit, (r) => [r.created_at, r.id]);
    return c.json({ items: page.items.map(toDto), nextCursor: page.nextCursor }, 200);
  });

  return app;
}
