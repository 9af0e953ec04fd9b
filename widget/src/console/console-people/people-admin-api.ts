// The admins' people requests beyond the console's shared ones: invitations,
// deactivation, creating and deleting organizations.
import type { ApiClient } from '../../api/client.js';
import type { AdminOrganization, AdminUser } from '../console-api.js';

export type Invitation = {
  email: string;
  /** The server takes the part of the address before the @ when there is none. */
  name?: string;
  role: AdminUser['role'];
  organizationId: string | null;
  /** The portal whose sign-in link a customer gets. */
  portal?: string;
};

/** Whether the person may sign in. */
export const isActive = (user: AdminUser) => !user.deactivatedAt;

export const peopleAdminApi = (client: ApiClient) => ({
  /** Creates the account and emails a one-time sign-in link: into the console for staff, the portal for a customer. */
  invite: (body: Invitation): Promise<AdminUser> => client.send('POST', '/admin/users/invitations', body),
  /** Deactivated: no sign-in, sessions ended, tickets kept. The server refuses the last active admin. */
  setActive: (id: string, active: boolean): Promise<AdminUser> =>
    client.send('PATCH', `/admin/users/${encodeURIComponent(id)}`, { deactivated: !active }),
  createOrganization: (body: { name: string; domain: string | null }): Promise<AdminOrganization> =>
    client.send('POST', '/admin/organizations', body),
  deleteOrganization: (id: string): Promise<void> =>
    client.send('DELETE', `/admin/organizations/${encodeURIComponent(id)}`),
  portals: (): Promise<{ items: { slug: string; config: { name: string; kind: string } }[] }> =>
    client.send('GET', '/admin/portals'),
});
