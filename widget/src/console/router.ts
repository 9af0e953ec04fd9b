import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where the console lives on the server's origin; every page is a path below it. */
export const CONSOLE_BASE = '/console';

/**
 * The console's pages. Issue 10 adds its own (e.g. `{name: 'ticket', id}` for
 * `/console/tickets/:id`) here and in `ROUTES`; the shell renders by `name`.
 */
export type ConsoleRoute = { name: 'inbox' } | { name: 'ticket'; id: string } | { name: 'not-found'; path: string };

/** Path patterns below `CONSOLE_BASE` (without it), first match wins. */
const ROUTES: { pattern: RegExp; route: (match: RegExpExecArray) => ConsoleRoute }[] = [
  { pattern: /^\/?$/, route: () => ({ name: 'inbox' }) },
  { pattern: /^\/tickets\/([^/]+)\/?$/, route: (match) => ticketRoute(match) },
];

/** `/tickets/:id`; an id that is not valid percent-encoding names no page. */
function ticketRoute(match: RegExpExecArray): ConsoleRoute {
  try {
    return { name: 'ticket', id: decodeURIComponent(match[1]!) };
  } catch {
    return { name: 'not-found', path: `${CONSOLE_BASE}${match[0]}` };
  }
}

/** The page a location path shows; paths outside the console or unknown below it are `not-found`. */
export function routeFromPath(pathname: string): ConsoleRoute {
  if (pathname !== CONSOLE_BASE && !pathname.startsWith(`${CONSOLE_BASE}/`)) return { name: 'not-found', path: pathname };
  const rest = pathname.slice(CONSOLE_BASE.length);
  for (const { pattern, route } of ROUTES) {
    const match = pattern.exec(rest);
    if (match) return route(match);
  }
  return { name: 'not-found', path: pathname };
}

/** The location path of a page. */
export function pathOf(route: ConsoleRoute): string {
  switch (route.name) {
    case 'inbox':
      return CONSOLE_BASE;
    case 'ticket':
      return `${CONSOLE_BASE}/tickets/${encodeURIComponent(route.id)}`;
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
  route: ConsoleRoute = routeFromPath(location.pathname);

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Called after every change of page (focus, title). */
    private readonly onChange: (route: ConsoleRoute) => void = () => {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.route = routeFromPath(location.pathname);
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
    if (path !== location.pathname) {
      if (options.replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    this.show(route);
  }

  private show(route: ConsoleRoute): void {
    this.route = route;
    this.host.requestUpdate();
    this.onChange(route);
  }

  private handlePopState = (): void => {
    this.show(routeFromPath(location.pathname));
  };

  private handleClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = e.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && node.hasAttribute('href'));
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || (url.pathname !== CONSOLE_BASE && !url.pathname.startsWith(`${CONSOLE_BASE}/`))) return;
    e.preventDefault();
    this.go(routeFromPath(url.pathname));
  };
}
