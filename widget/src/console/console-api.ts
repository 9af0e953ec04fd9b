// The admin API calls of the console's shell, inbox and people pages, typed from
// the server's own zod schemas (type-only imports: nothing of the server reaches
// the bundle).
import type { z } from 'zod';
import type {
  AdminTicketSummarySchema,
  InboxCountsSchema,
  InboxFilterOptionsSchema,
} from '../../../server/src/admin/admin-tickets.schemas.js';
import type { INBOX_VIEWS } from '../../../server/src/admin/inbox.repository.js';
import type { AdminOrganizationSchema } from '../../../server/src/admin/organizations.routes.js';
import type { AdminUserSchema } from '../../../server/src/admin/users.routes.js';
import { ApiClient } from '../api/client.js';
import type { Page } from '../api/types.js';

export type InboxTicket = z.infer<typeof AdminTicketSummarySchema>;
export type InboxCounts = z.infer<typeof InboxCountsSchema>;
export type InboxFilterOptions = z.infer<typeof InboxFilterOptionsSchema>;
export type InboxView = (typeof INBOX_VIEWS)[number];
export type AdminUser = z.infer<typeof AdminUserSchema>;
export type AdminOrganization = z.infer<typeof AdminOrganizationSchema>;

/** The list's query parameters, as the inbox keeps them in the address; empty values are left out. */
export type InboxQuery = Record<string, string>;

/**
 * The console's client: the widget's client with no portal, on the session
 * cookie, whose live-update stream is the staff one (every ticket, internal
 * notes too). A subclass here, so nothing of it reaches the customer widget.
 */
export class ConsoleClient extends ApiClient {
  constructor(base = location.origin) {
    super(base, null, true);
  }

  /**
   * `GET /admin/events`; the session cookie signs it. A 401 ends the session here as elsewhere.
   * The console's one staff stream client: the inbox and the ticket page both follow it
   * through `LiveUpdates` (reconnects with backoff, `null` after a break).
   */
  override async events(signal: AbortSignal): Promise<Response> {
    const res = await fetch(`${this.base}/api/v1/admin/events`, {
      headers: { 'accept-language': this.locale },
      signal,
      credentials: 'same-origin',
    });
    if (res.status === 401) this.forget();
    return res;
  }
}

const query = (params: Record<string, string | undefined | null>) => {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) q.set(name, value);
  const text = q.toString();
  return text ? `?${text}` : '';
};
const id = (value: string) => encodeURIComponent(value);

/** The inbox's and people pages' requests, through the console's client. */
export class ConsoleApi {
  constructor(readonly client: ApiClient) {}

  tickets(params: InboxQuery & { cursor?: string | null; limit?: string }): Promise<Page<InboxTicket>> {
    return this.client.send('GET', `/admin/tickets${query(params)}`);
  }

  counts(filters: InboxQuery): Promise<InboxCounts> {
    return this.client.send('GET', `/admin/tickets/counts${query(filters)}`);
  }

  filterOptions(): Promise<InboxFilterOptions> {
    return this.client.send('GET', '/admin/tickets/filters');
  }

  users(params: {
    q?: string;
    role?: string;
    organizationId?: string;
    cursor?: string | null;
    limit?: string;
  }): Promise<Page<AdminUser>> {
    return this.client.send('GET', `/admin/users${query(params)}`);
  }

  user(userId: string): Promise<AdminUser> {
    return this.client.send('GET', `/admin/users/${id(userId)}`);
  }

  updateUser(userId: string, patch: Partial<Pick<AdminUser, 'name' | 'role' | 'organizationId'>>): Promise<AdminUser> {
    return this.client.send('PATCH', `/admin/users/${id(userId)}`, patch);
  }

  organizations(params: { q?: string; cursor?: string | null; limit?: string }): Promise<Page<AdminOrganization>> {
    return this.client.send('GET', `/admin/organizations${query(params)}`);
  }

  organization(orgId: string): Promise<AdminOrganization> {
    return this.client.send('GET', `/admin/organizations/${id(orgId)}`);
  }

  updateOrganization(orgId: string, patch: { name?: string }): Promise<AdminOrganization> {
    return this.client.send('PATCH', `/admin/organizations/${id(orgId)}`, patch);
  }
}
