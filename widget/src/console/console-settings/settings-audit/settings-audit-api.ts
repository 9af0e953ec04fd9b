// The audit log's request. The server's schema is not on this branch yet
// (helper A builds GET /admin/audit); the shape below is the one agreed in the brief.
import type { ApiClient } from '../../../api/client.js';
import type { Page } from '../../../api/types.js';

/** One recorded settings change. */
export interface AuditEvent {
  id: string;
  at: string;
  actor: { id: string; name: string; email: string } | null;
  action: string;
  target: { type: string; id: string; label: string };
  changes: Record<string, { before?: unknown; after?: unknown }> | null;
}

/** The kinds of target the log records, for its filter. */
export const TARGET_TYPES = [
  'portal',
  'host_site',
  'user',
  'organization',
  'project',
  'ticket_type',
  'custom_field',
] as const;

export const auditApi = (client: ApiClient) => ({
  list: (filter: { targetType?: string; actorId?: string; cursor?: string | null }): Promise<Page<AuditEvent>> => {
    const q = new URLSearchParams({ limit: '50' });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return client.send('GET', `/admin/audit?${q}`);
  },
});
