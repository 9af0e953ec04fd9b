import { equal } from '../../test/helpers.js';
import { pathOf, routeFromPath, type ConsoleRoute } from './router.js';

describe('console routes', () => {
  it('reads every page from its path (and the inbox and people from their query string)', () => {
    const cases: [string, string, ConsoleRoute][] = [
      ['/console', '', { name: 'inbox' }],
      ['/console/', '?', { name: 'inbox' }],
      ['/console', '?view=closed&q=printer', { name: 'inbox', search: '?view=closed&q=printer' }],
      ['/console/tickets/abc-123', '', { name: 'ticket', id: 'abc-123' }],
      ['/console/people', '?q=alice', { name: 'people', search: '?q=alice' }],
      ['/console/people/u%201', '', { name: 'person', id: 'u 1' }],
      ['/console/organizations/o1/', '', { name: 'organization', id: 'o1' }],
      ['/console/people/%E0%A4%A', '', { name: 'not-found', path: '/console/people/%E0%A4%A' }],
      ['/console/settings', '', { name: 'settings', page: 'portals' }],
      ['/console/settings/audit/', '', { name: 'settings', page: 'audit' }],
      ['/console/settings/elsewhere', '', { name: 'not-found', path: '/console/settings/elsewhere' }],
      ['/console/settings/portals/acme', '', { name: 'portal-settings', slug: 'acme', tab: 'access' }],
      ['/console/settings/portals/acme/appearance', '', { name: 'portal-settings', slug: 'acme', tab: 'appearance' }],
      [
        '/console/settings/portals/acme/colours',
        '',
        { name: 'not-found', path: '/console/settings/portals/acme/colours' },
      ],
      ['/console/nowhere', '', { name: 'not-found', path: '/console/nowhere' }],
      ['/elsewhere', '', { name: 'not-found', path: '/elsewhere' }],
    ];
    for (const [path, search, route] of cases)
      equal(JSON.stringify(routeFromPath(path, search)), JSON.stringify(route), `${path}${search}`);
  });

  it('writes the path each page is read back from', () => {
    const routes: ConsoleRoute[] = [
      { name: 'inbox' },
      { name: 'inbox', search: '?view=mine' },
      { name: 'ticket', id: 'a/b c' },
      { name: 'people', search: '?role=admin' },
      { name: 'person', id: 'p?1' },
      { name: 'organization', id: 'o#1' },
      { name: 'settings', page: 'portals' },
      { name: 'settings', page: 'catalog' },
      { name: 'portal-settings', slug: 'acme', tab: 'access' },
      { name: 'portal-settings', slug: 'a b', tab: 'preview' },
    ];
    for (const route of routes) {
      const url = new URL(pathOf(route), location.origin);
      equal(JSON.stringify(routeFromPath(url.pathname, url.search)), JSON.stringify(route), pathOf(route));
    }
  });
});
