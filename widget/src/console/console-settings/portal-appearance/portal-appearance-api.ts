// The appearance tab's own calls: a logo per color scheme, uploaded (multipart
// field `file`) or removed; each answers the portal as saved.
import type { ApiClient } from '../../../api/client.js';
import type { AdminPortal } from '../settings-api.js';

export type Scheme = 'light' | 'dark';

const logoPath = (slug: string, scheme: Scheme) => `/admin/portals/${encodeURIComponent(slug)}/logos/${scheme}`;

/** Stores `file` as the portal's logo for `scheme`; the server checks its type, content and size. */
export function uploadLogo(client: ApiClient, slug: string, scheme: Scheme, file: File): Promise<AdminPortal> {
  const form = new FormData();
  form.append('file', file);
  return client.send('POST', logoPath(slug, scheme), form);
}

/** Removes the portal's logo for `scheme`. */
export function removeLogo(client: ApiClient, slug: string, scheme: Scheme): Promise<AdminPortal> {
  return client.send('DELETE', logoPath(slug, scheme));
}
