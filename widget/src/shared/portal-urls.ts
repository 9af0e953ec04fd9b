// The full-screen portal's URLs: `/p/<slug>`, `/p/<slug>/tickets/<id>`,
// `/p/<slug>/new`, `/p/<slug>/account`. Built and read here only, so what one
// side writes the other reads back (slugs and ids are percent-encoded as one
// path segment each). No DOM here: the server may build its links with it.
// A slug or id of `.` or `..` would be resolved away by URL parsing (even
// percent-encoded); neither exists: slugs are [a-z0-9-], ids are generated.

/** A place in the portal a URL can name. */
export type PortalPlace = { name: 'list' } | { name: 'ticket'; id: string } | { name: 'new' } | { name: 'account' };

/** The path of `place` in the full-screen portal `slug`. */
export function portalPath(slug: string, place: PortalPlace = { name: 'list' }): string {
  const root = `/p/${encodeURIComponent(slug)}`;
  if (place.name === 'ticket') return `${root}/tickets/${encodeURIComponent(place.id)}`;
  return place.name === 'list' ? root : `${root}/${place.name}`;
}

/**
 * The portal and place a path names; null when it is not under `/p/<slug>` or
 * is not a valid encoding. Anything unknown below the slug is the list.
 */
export function parsePortalPath(path: string): { slug: string; place: PortalPlace } | null {
  const [empty, p, ...rest] = path.split('/');
  if (empty !== '' || p !== 'p' || !rest[0]) return null;
  try {
    const [slug, section, id] = rest.map(decodeURIComponent) as [string, string?, string?];
    if (section === 'tickets' && id) return { slug, place: { name: 'ticket', id } };
    return { slug, place: section === 'new' || section === 'account' ? { name: section } : { name: 'list' } };
  } catch {
    return null;
  }
}
