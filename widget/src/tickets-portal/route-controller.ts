import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parsePortalPath, portalPath } from '../shared/portal-urls.js';
import type { Route } from '../shared/tp-element.js';

/** What the route needs of its element: the portal's slug and whether it fills the page. */
export interface RouteHost extends ReactiveControllerHost {
  readonly portal: string;
  readonly mode: string;
  readonly isConnected: boolean;
}

/**
 * Where the portal is (the list, a ticket, the form, the account). Full
 * screen, the URL follows it: a view change pushes a history entry, Back and
 * Forward come back to it, and a reload or deep link opens it.
 */
export class RouteController implements ReactiveController {
  route: Route = { name: 'list' };

  constructor(private readonly host: RouteHost) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('popstate', this.handlePopState);
  }

  hostDisconnected(): void {
    removeEventListener('popstate', this.handlePopState);
  }

  /** The route the page's URL names (full screen). */
  read(): void {
    this.show(parsePortalPath(location.pathname)?.place ?? { name: 'list' });
  }

  /** Shows `route`; full screen, in a new history entry (`replace`: in place of the current one). */
  go(route: Route, replace = false): void {
    this.show(route);
    const path = portalPath(this.host.portal, route);
    if (this.host.mode === 'fullscreen' && this.host.isConnected && (replace || location.pathname !== path)) {
      history[replace ? 'replaceState' : 'pushState'](null, '', path);
    }
  }

  private show(route: Route): void {
    this.route = route;
    this.host.requestUpdate();
  }

  private handlePopState = (): void => {
    if (this.host.mode === 'fullscreen') this.read();
  };
}
