import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where the console lives on the server's origin; every page is a path below it. */
export const CONSOLE_BASE = '/console';

/**
 * The console's pages; the shell renders by `name`. The inbox keeps its view,
 * filters, search and sort in the query string (`search`, with its `?`), so an
 * inbox link (e.g. a customer's tickets) says what it shows.
 */
export type ConsoleRoute =
  | { name: 'inbox'; search?: string }
  | { name: 'ticket'; id: string }
  | { name: 'people'; search?: string }
  | { name: 'person'; id: string }
  | { name: 'organization'; id: string }
  | { name: 'passkeys' }
  | { name: 'settings'; page: SettingsPage }
  | { name: 'portal-settings'; slug: string; tab: PortalTab }
  | { name: 'not-found'; path: string };

/** The admins' settings pages (issue 11), in the order of their navigation; `/console/settings` is the first. */
export const SETTINGS_PAGES = ['portals', 'projects', 'catalog', 'audit'] as const;
export type SettingsPage = (typeof SETTINGS_PAGES)[number];

/** A portal's settings tabs, in order; `/console/settings/portals/:slug` is the first. */
export const PORTAL_TABS = ['access', 'properties', 'views', 'appearance', 'embedding', 'preview'] as const;
export type PortalTab = (typeof PORTAL_TABS)[number];

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

/** Path patterns below `CONSOLE_BASE` (without it), first match wins. */
const ROUTES: { pattern: RegExp; route: (match: RegExpExecArray, search: string) => ConsoleRoute }[] = [
  { pattern: /^\/?$/, route: (_, search) => ({ name: 'inbox', ...(search && { search }) }) },
  { pattern: /^\/tickets\/([^/]+)\/?$/, route: (match) => ticketRoute(match) },
  { pattern: /^\/people\/?$/, route: (_, search) => ({ name: 'people', ...(search && { search }) }) },
  { pattern: /^\/people\/([^/]+)\/?$/, route: (match) => withId(match, (id) => ({ name: 'person', id })) },
  { pattern: /^\/organizations\/([^/]+)\/?$/, route: (match) => withId(match, (id) => ({ name: 'organization', id })) },
  { pattern: /^\/passkeys\/?$/, route: () => ({ name: 'passkeys' }) },
  { pattern: /^\/settings\/?$/, route: () => ({ name: 'settings', page: 'portals' }) },
  { pattern: /^\/settings\/([a-z]+)\/?$/, route: (match) => settingsRoute(match) },
  { pattern: /^\/settings\/portals\/([^/]+)(?:\/([a-z]+))?\/?$/, route: (match) => portalSettingsRoute(match) },
];

/** `/settings/:page`; an unknown page names no page. */
function settingsRoute(match: RegExpExecArray): ConsoleRoute {
  const page = match[1]!;
  return isOneOf(SETTINGS_PAGES, page)
    ? { name: 'settings', page }
    : { name: 'not-found', path: `${CONSOLE_BASE}${match[0]}` };
}

/** `/settings/portals/:slug[/:tab]`; an unknown tab names no page. */
function portalSettingsRoute(match: RegExpExecArray): ConsoleRoute {
  const tab = match[2] ?? 'access';
  if (!isOneOf(PORTAL_TABS, tab)) return { name: 'not-found', path: `${CONSOLE_BASE}${match[0]}` };
  return withId(match, (slug) => ({ name: 'portal-settings', slug, tab }));
}

/** `/tickets/:id`; an id that is not valid percent-encoding names no page. */
function ticketRoute(match: RegExpExecArray): ConsoleRoute {
  try {
    return { name: 'ticket', id: decodeURIComponent(match[1]!) };
  } catch {
    return { name: 'not-found', path: `${CONSOLE_BASE}${match[0]}` };
  }
}

/** A page named by the id in its path; an id that is not valid percent-encoding names no page. */
function withId(match: RegExpExecArray, route: (id: string) => ConsoleRoute): ConsoleRoute {
  try {
    return route(decodeURIComponent(match[1]!));
  } catch {
    return { name: 'not-found', path: `${CONSOLE_BASE}${match[0]}` };
  }
}

/**
 * The page a location path (and query string, with its `?`) shows; paths
 * outside the console or unknown below it are `not-found`.
 */
export function routeFromPath(pathname: string, search = ''): ConsoleRoute {
  if (pathname !== CONSOLE_BASE && !pathname.startsWith(`${CONSOLE_BASE}/`))
    return { name: 'not-found', path: pathname };
  const rest = pathname.slice(CONSOLE_BASE.length);
  const query = search === '?' ? '' : search;
  for (const { pattern, route } of ROUTES) {
    const match = pattern.exec(rest);
    if (match) return route(match, query);
  }
  return { name: 'not-found', path: pathname };
}

/** The location path of a page. */
export function pathOf(route: ConsoleRoute): string {
  switch (route.name) {
    case 'inbox':
      return CONSOLE_BASE + (route.search ?? '');
    case 'ticket':
      return `${CONSOLE_BASE}/tickets/${encodeURIComponent(route.id)}`;
    case 'people':
      return `${CONSOLE_BASE}/people${route.search ?? ''}`;
    case 'person':
      return `${CONSOLE_BASE}/people/${encodeURIComponent(route.id)}`;
    case 'organization':
      return `${CONSOLE_BASE}/organizations/${encodeURIComponent(route.id)}`;
    case 'passkeys':
      return `${CONSOLE_BASE}/passkeys`;
    case 'settings':
      return `${CONSOLE_BASE}/settings/${route.page}`;
    case 'portal-settings':
      return `${CONSOLE_BASE}/settings/portals/${encodeURIComponent(route.slug)}${route.tab === 'access' ? '' : `/${route.tab}`}`;
    case 'not-found':
      return route.path;
  }
}

/**
 * Keeps the host's `route` in step with the address bar: reads it at
 * connection, follows back and forward (`popstate`), and turns clicks on
 * plain links to console pages inside the host (shadow DOM included) into
 * `go()`, so a page change never reloads the console. Links with a modifier
 * key, a target or a download attribute keep the browser's behaviour.
 */
export class ConsoleRouter implements ReactiveController {
  route: ConsoleRoute = routeFromPath(location.pathname, location.search);

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Called after every change of page (focus, title). */
    private readonly onChange: (route: ConsoleRoute) => void = () => {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.route = routeFromPath(location.pathname, location.search);
    addEventListener('popstate', this.handlePopState);
    this.host.addEventListener('click', this.handleClick);
  }

  hostDisconnected(): void {
    removeEventListener('popstate', this.handlePopState);
    this.host.removeEventListener('click', this.handleClick);
  }

  /** Shows `route` and records it in the history (or replaces the current entry). */
  go(route: ConsoleRoute, options: { replace?: boolean } = {}): void {
    const path = pathOf(route);
    if (path !== location.pathname + location.search) {
      if (options.replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    this.show(route);
  }

  /**
   * Records `route` in place of the current entry without the page change
   * (no focus move, no title change): a page keeping its state in the address
   * (the inbox's filters) as the user changes it.
   */
  replace(route: ConsoleRoute): void {
    history.replaceState(null, '', pathOf(route));
    this.route = route;
    this.host.requestUpdate();
  }

  private show(route: ConsoleRoute): void {
    this.route = route;
    this.host.requestUpdate();
    this.onChange(route);
  }

  private handlePopState = (): void => {
    this.show(routeFromPath(location.pathname, location.search));
  };

  private handleClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = e
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && node.hasAttribute('href'));
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (
      url.origin !== location.origin ||
      (url.pathname !== CONSOLE_BASE && !url.pathname.startsWith(`${CONSOLE_BASE}/`))
    )
      return;
    e.preventDefault();
    this.go(routeFromPath(url.pathname, url.search));
  };
}

/**
 * Fired by a page whose state lives in the address (the inbox's view and
 * filters) when it changes: the shell records it in place of the current
 * history entry.
 */
export class TpConsoleLocationEvent extends Event {
  static readonly eventName = 'tp-console-location';
  constructor(readonly route: ConsoleRoute) {
    super(TpConsoleLocationEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'tp-console-location': TpConsoleLocationEvent;
  }
}
