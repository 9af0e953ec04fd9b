// The projects page's requests, typed from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { AdminProjectDetailSchema, AdminProjectSchema } from '../../../../../server/src/admin/projects.routes.js';
import type { ApiClient } from '../../../api/client.js';
import type { Page } from '../../../api/types.js';

export type Project = z.infer<typeof AdminProjectSchema>;
export type ProjectDetail = z.infer<typeof AdminProjectDetailSchema>;
/** A follower as the API names one: a person or an organization. */
export type Follower = { userId: string } | { organizationId: string };

const path = (id = '') => `/admin/projects${id && `/${encodeURIComponent(id)}`}`;

export const projectsApi = (client: ApiClient) => ({
  list: (cursor: string | null): Promise<Page<Project>> =>
    client.send('GET', `${path()}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  get: (id: string): Promise<ProjectDetail> => client.send('GET', path(id)),
  create: (name: string): Promise<ProjectDetail> => client.send('POST', path(), { name }),
  rename: (id: string, name: string): Promise<ProjectDetail> => client.send('PATCH', path(id), { name }),
  remove: (id: string): Promise<void> => client.send('DELETE', path(id)),
  follow: (id: string, who: Follower): Promise<ProjectDetail> => client.send('POST', `${path(id)}/followers`, who),
  unfollow: (id: string, who: Follower): Promise<ProjectDetail> => client.send('DELETE', `${path(id)}/followers`, who),
});
