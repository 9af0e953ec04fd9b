// The admin API calls every settings page shares: the portals and their
// configuration, typed from the server's own zod schemas (type-only imports:
// nothing of the server reaches the bundle). A page's own calls live beside it.
import type { z } from 'zod';
import type { AdminPortalSchema, PortalConfigPatch } from '../../../../server/src/admin/portals.routes.js';
import type { ApiClient } from '../../api/client.js';
import type { Page } from '../../api/types.js';

export type AdminPortal = z.infer<typeof AdminPortalSchema>;
export type AdminPortalConfig = AdminPortal['config'];
export type PortalPatch = z.infer<typeof PortalConfigPatch>;

const slugPath = (slug: string) => `/admin/portals/${encodeURIComponent(slug)}`;

/** The portals' requests, through the console's client. */
export class SettingsApi {
  constructor(readonly client: ApiClient) {}

  portals(cursor?: string | null): Promise<Page<AdminPortal>> {
    return this.client.send('GET', `/admin/portals${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  }

  portal(slug: string): Promise<AdminPortal> {
    return this.client.send('GET', slugPath(slug));
  }

  /** Changes part of a portal's configuration (nested objects merge key by key, arrays replace). */
  updatePortal(slug: string, patch: PortalPatch): Promise<AdminPortal> {
    return this.client.send('PATCH', slugPath(slug), patch);
  }
}
