// The preview-as-customer tab's own call: a read-only session that sees one
// portal as one customer (typed from the server's schema).
import type { z } from 'zod';
import type { PreviewSchema } from '../../../../../server/src/admin/preview.routes.js';
import type { ApiClient } from '../../../api/client.js';

export type AdminPreview = z.infer<typeof PreviewSchema>;

/** Starts a preview of portal `portal` as customer `userId` (refused for a disabled portal, in the server's words). */
export function startPreview(client: ApiClient, userId: string, portal: string): Promise<AdminPreview> {
  return client.send('POST', `/admin/preview/${encodeURIComponent(userId)}`, { portal });
}
