// The admins' people requests beyond the console's shared ones: invitations,
// deactivation, creating and deleting organizations.
import type { ApiClient } from '../../api/client.js';
import type { AdminOrganization, AdminUser } from '../console-api.js';

export interface Invitation {
  email: string;
  name: string;
  role: AdminUser['role'];
  organizationId: string | null;
  /** The portal whose sign-in link a customer gets. */
  portal?: string;
}

/** Whether the person may sign in (the server's `deactivatedAt`, when it says). */
export const isActive = (user: AdminUser) => !(user as { deactivatedAt?: string | null }).deactivatedAt;

export const peopleAdminApi = (client: ApiClient) => ({
  /** Creates the account (the emailed link comes with the server's invitations; until then the portal is not sent). */
  invite: ({ portal: _portal, ...body }: Invitation): Promise<AdminUser> => client.send('POST', '/admin/users', body),
  setActive: (id: string, active: boolean): Promise<AdminUser> =>
    client.send('POST', `/admin/users/${encodeURIComponent(id)}/${active ? 'reactivate' : 'deactivate'}`),
  createOrganization: (body: { name: string; domain: string | null }): Promise<AdminOrganization> =>
    client.send('POST', '/admin/organizations', body),
  deleteOrganization: (id: string): Promise<void> =>
    client.send('DELETE', `/admin/organizations/${encodeURIComponent(id)}`),
  portals: (): Promise<{ items: { slug: string; config: { name: string; kind: string } }[] }> =>
    client.send('GET', '/admin/portals'),
});
