// The full-screen portal's URLs: what portalPath writes, parsePortalPath reads back.
import { equal } from '../../test/helpers.js';
import { parsePortalPath, portalPath, type PortalPlace } from './portal-urls.js';

const SLUGS = ['acme', '.', 'a b', 'tickets', 'new', 'p', 'a/b', '..', '%', '%2F', 'été', '🎫', '?x=1#y', 'a%20b'];
const IDS = ['01J9Z3', '.', '...', 'a/b', '..', '%', '%2F', 'new', 'x y', 'é', '?#&', 'tickets'];

const places: PortalPlace[] = [
  { name: 'list' },
  { name: 'new' },
  { name: 'account' },
  ...IDS.map((id): PortalPlace => ({ name: 'ticket', id })),
];

describe('portal URLs', () => {
  it('read back every place of every slug, odd characters included, as one path segment each', () => {
    for (const slug of SLUGS) {
      for (const place of places) {
        const path = portalPath(slug, place);
        equal(JSON.stringify(parsePortalPath(path)), JSON.stringify({ slug, place }), `${path}:`);
        // What the browser's URL parser keeps as the path is the same path (dot segments aside: it
        // resolves them away however they are encoded; real slugs and ids never are dots).
        const dots = /^\.\.?$/;
        if (!dots.test(slug) && !(place.name === 'ticket' && dots.test(place.id))) {
          equal(new URL(path, 'https://portal.example').pathname, path, `${path} as a URL:`);
        }
      }
    }
  });

  it('write the paths the server serves and links to', () => {
    equal(portalPath('acme'), '/p/acme');
    equal(portalPath('acme', { name: 'ticket', id: 'T1' }), '/p/acme/tickets/T1');
    equal(portalPath('acme', { name: 'new' }), '/p/acme/new');
    equal(portalPath('a/b', { name: 'ticket', id: 'x/y' }), '/p/a%2Fb/tickets/x%2Fy');
  });

  it('read a trailing slash, a missing id or an unknown section as the list', () => {
    for (const path of ['/p/acme/', '/p/acme/tickets', '/p/acme/tickets/', '/p/acme/unknown']) {
      equal(
        JSON.stringify(parsePortalPath(path)),
        JSON.stringify({ slug: 'acme', place: { name: 'list' } }),
        `${path}:`,
      );
    }
    equal(
      JSON.stringify(parsePortalPath('/p/acme/tickets/T1/extra')),
      JSON.stringify({ slug: 'acme', place: { name: 'ticket', id: 'T1' } }),
    );
  });

  it('answer null for paths outside a portal or not validly encoded', () => {
    for (const path of ['/', '', '/p', '/p/', '/console', 'p/acme', '/x/p/acme', '/p/%E0%A4%A', '/p/acme/tickets/%']) {
      equal(parsePortalPath(path), null, `${path}:`);
    }
  });
});
