// The audit log's request, typed from the server's zod schema (type-only imports).
import type { z } from 'zod';
import type { AuditEventSchema } from '../../../../../server/src/audit/audit.routes.js';
import type { AuditTargetType } from '../../../../../server/src/audit/audit.js';
import type { ApiClient } from '../../../api/client.js';
import type { Page } from '../../../api/types.js';

/** One recorded settings change. */
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** The kinds of target the log records, for its filter (the server's list; a value here, so none of the server is bundled). */
export const TARGET_TYPES: readonly AuditTargetType[] = [
  'portal',
  'host_site',
  'user',
  'organization',
  'project',
  'ticket_type',
  'custom_field',
];

export const auditApi = (client: ApiClient) => ({
  list: (filter: { targetType?: string; actorId?: string; cursor?: string | null }): Promise<Page<AuditEvent>> => {
    const q = new URLSearchParams({ limit: '50' });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return client.send('GET', `/admin/audit?${q}`);
  },
});
