// The portals list's own calls: create and delete (list and change are the
// shared SettingsApi's). Types come from the server's zod schemas.
import type { ApiClient } from '../../../api/client.js';
import type { Page } from '../../../api/types.js';
import type { AdminPortal, PortalPatch } from '../settings-api.js';

/** The server's slug rule (admin/portals.routes.ts), checked before asking. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A slug suggested from a name: lower case, accents dropped, anything else a dash. */
export function slugFrom(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

export function createPortal(client: ApiClient, slug: string, config: PortalPatch): Promise<AdminPortal> {
  return client.send('POST', '/admin/portals', { slug, config });
}

export function deletePortal(client: ApiClient, slug: string): Promise<void> {
  return client.send('DELETE', `/admin/portals/${encodeURIComponent(slug)}`);
}

/** Every item of an admin list, page after page (portals, types and fields are few). */
export async function allPages<T>(client: ApiClient, path: string): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await client.send('GET', cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
