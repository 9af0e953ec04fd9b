import { provide } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiClient, ApiError } from '../api/client.js';
import { LiveUpdates, type TicketChange } from '../api/live-updates.js';
import type { PublicPortal, User } from '../api/types.js';
import { apiContext } from '../context/api-context.js';
import { changesContext, type Changes } from '../context/changes-context.js';
import { portalContext } from '../context/portal-context.js';
import { sessionContext, type Session } from '../context/session-context.js';
import { pickLocale, translate, type Locale, type MessageKey } from '../i18n/strings.js';
import { TpCloseEvent, TpOpenEvent } from '../shared/events.js';
import { parsePortalPath, portalPath } from '../shared/portal-urls.js';
import { TpNavigateEvent, type Route } from '../shared/tp-element.js';
import { base, brandingSheet, tokens } from '../styles/tokens.js';
import styles from './tickets-portal.styles.js';

/**
 * The Tickets Portal: a launcher and a panel over the host page (`embedded`),
 * the portal in place (`inline`), or the whole page (`fullscreen`, with the URL
 * following the view). Provides the API client, the portal's configuration,
 * the session and live updates (one server-sent event stream while it is
 * shown to someone signed in) to every view inside it.
 *
 * @summary A customer support portal in one element.
 * @fires tp-open - The panel opened.
 * @fires tp-close - The panel closed.
 * @fires tp-ticket-created - The customer created a ticket (`event.ticket`).
 * @csspart launcher - The button that opens the panel.
 * @csspart panel - The panel (a modal dialog).
 * @csspart header - The bar with the portal's logo and name.
 * @cssproperty --tp-main - Main color (buttons, header); set from the portal's branding.
 * @cssproperty --tp-body - Background color; set from the portal's branding.
 */
export class TicketsPortal extends LitElement {
  static override styles = [tokens, base, styles];

  @provide({ context: apiContext })
  @state()
  private client?: ApiClient;

  @provide({ context: portalContext })
  @state()
  private config?: PublicPortal;

  @provide({ context: sessionContext })
  @state()
  private session: Session = { user: null, locale: pickLocale(navigator.language) };

  @provide({ context: changesContext })
  @state()
  private changes?: Changes;

  @query('dialog') private dialog?: HTMLDialogElement;
  @query('.launcher') private launcher?: HTMLButtonElement;

  /** Why the portal's config did not come: `refused` (this site may not embed it) or `missing` (anything else). */
  @state() private configError: '' | 'refused' | 'missing' = '';
  @state() private signedIn = false;
  /** Full screen: asking /me whether the session cookie signs someone in (so the sign-in form does not flash). */
  @state() private checking = false;
  @state() private route: Route = { name: 'list' };
  private started = false;
  private live?: LiveUpdates;
  /** Tickets named by live updates not yet passed on (a burst becomes one refresh); `all` after a reconnect. */
  private pending?: Set<string> | 'all';
  private flushTimer?: ReturnType<typeof setTimeout>;

  /** The portal's slug. */
  @property({ reflect: true }) portal = '';
  /** Origin of the Tickets Portal server; defaults to this page's origin. */
  @property() api = '';
  /** `embedded`: launcher and panel; `inline`: in place; `fullscreen`: the whole page. */
  @property({ reflect: true }) mode: 'embedded' | 'inline' | 'fullscreen' = 'embedded';
  /** Interface language (`en`, `fr`); otherwise the account's, then the browser's. */
  @property() locale = '';
  /** A token signed by the host site's backend that signs its customer in. */
  @property({ attribute: 'identity-token' }) identityToken = '';
  /** Full screen: the server found no session in the cookie, so there is nobody to ask /me about. */
  @property({ type: Boolean, attribute: 'signed-out' }) signedOut = false;
  /** Whether the panel is open (embedded mode); the `open` attribute. Use `open()` and `close()` to change it. */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) isOpen = false;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('popstate', this.handlePopState);
    this.syncLive();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.handlePopState);
    this.syncLive();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The language first: the first request (the portal's config) already asks in it.
    if (changed.has('locale')) this.setLocale(this.session.user);
    if ((changed.has('portal') || changed.has('api') || changed.has('mode')) && this.portal) {
      const base = (this.api || location.origin).replace(/\/+$/, '');
      // Full screen on the server's own origin (/p/:slug) signs in with the session cookie, and there
      // only can passkeys work (their relying party is that origin). Anywhere else: bearer tokens.
      const cookie = this.mode === 'fullscreen' && new URL(base, location.href).origin === location.origin;
      const client = new ApiClient(base, this.portal, cookie);
      client.onSession = (user) => this.handleSession(user);
      client.locale = this.session.locale;
      this.client = client;
      this.started = false;
      this.signedIn = client.signedIn;
      this.loadConfig();
    }
    if (this.mode === 'fullscreen' && changed.has('mode')) {
      this.route = this.routeFromPath();
    }
    // A host page may hand over a new identity token (another customer, or a renewed one) at any time.
    if (changed.has('identityToken') && this.started && this.identityToken) this.started = false;
    if (this.mode !== 'embedded' || this.isOpen) this.start();
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.syncLive();
    if (changed.has('isOpen') && this.mode === 'embedded' && this.dialog) {
      if (this.isOpen && !this.dialog.open) {
        this.dialog.showModal();
        this.dispatchEvent(new TpOpenEvent());
      } else if (!this.isOpen && this.dialog.open) {
        this.dialog.close();
      }
    }
  }

  /**
   * One live-update stream while someone signed in is looking: the panel is
   * open, or the portal is shown in place or full screen. Closed otherwise.
   */
  private syncLive(): void {
    const want = this.isConnected && this.signedIn && !!this.config && (this.mode !== 'embedded' || this.isOpen);
    if (this.live && (!want || this.live.api !== this.client)) {
      this.live.stop();
      this.live = undefined;
    }
    if (want && !this.live && this.client) {
      this.live = new LiveUpdates(this.client, this.handleChange);
      this.live.start();
    }
  }

  private handleChange = (change: TicketChange | null): void => {
    const pending = this.pending;
    if (!change) this.pending = 'all';
    else if (pending !== 'all') this.pending = (pending ?? new Set<string>()).add(change.ticketId);
    this.flushTimer ??= setTimeout(() => {
      const pending = this.pending;
      this.pending = this.flushTimer = undefined;
      this.changes = { seq: (this.changes?.seq ?? 0) + 1, ticketIds: pending instanceof Set ? [...pending] : null };
    }, 50);
  };

  /** Opens the panel (embedded mode). */
  open(): void {
    this.isOpen = true;
  }

  /** Closes the panel; focus returns to the launcher. */
  close(): void {
    this.isOpen = false;
  }

  private async loadConfig(): Promise<void> {
    const client = this.client;
    try {
      const config = await client!.portalConfig();
      if (client !== this.client) return;
      this.config = config;
      this.configError = '';
      const root = this.renderRoot as ShadowRoot;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((s) => !brandings.has(s)), branded(config)];
    } catch (err) {
      const refused = err instanceof ApiError && err.code === 'origin_not_allowed';
      this.configError = refused ? 'refused' : 'missing';
      // The visitor gets a plain sentence; the site's developer, in the console, what to change where.
      if (refused) {
        console.error(
          `Tickets Portal: this site (${location.origin}) is not allowed to embed portal "${this.portal}". Add it to the portal's allowedOrigins (console: portal settings → Allowed sites).`,
        );
      }
    }
  }

  /** First opening: only now does the widget ask anything beyond the portal config. */
  private async start(): Promise<void> {
    if (this.started || !this.client) return;
    this.started = true;
    const client = this.client;
    if (this.identityToken) {
      try {
        await client.identity(this.identityToken);
        return;
      } catch (err) {
        // Fall back to the customer's own sign-in; a refused token also ends any session kept on
        // this device, which may be another customer's (the host says who is here now).
        if (err instanceof ApiError && err.status === 401) client.forget();
      }
    }
    if (client.signedIn || (client.cookie && !this.signedOut)) {
      this.checking = !this.signedIn;
      try {
        this.handleSession(await client.me());
      } catch {
        // /me failing leaves the session as it is: a 401 already signed out.
      } finally {
        this.checking = false;
      }
    }
  }

  private handleSession(user: User | null): void {
    const signedOut = !user && this.session.user !== null;
    this.signedIn = user !== null || (this.client?.signedIn ?? false);
    this.setLocale(user);
    // Whoever signs in after a sign-out starts from the list. Finding nobody signed in keeps the
    // route, so a deep link (full screen: the URL) opens its ticket once the customer has signed in.
    if (signedOut) {
      this.route = { name: 'list' };
      if (this.mode === 'fullscreen' && this.isConnected) history.replaceState(null, '', this.pathFor(this.route));
    }
  }

  private setLocale(user: User | null): void {
    const locale: Locale = pickLocale(this.locale, user?.locale, navigator.language);
    this.session = { user, locale };
    if (this.client) this.client.locale = locale;
  }

  private t(key: MessageKey, params?: Record<string, string>): string {
    return translate(this.session.locale, this.config?.kind ?? 'ticket', key, params);
  }

  private routeFromPath(): Route {
    return parsePortalPath(location.pathname)?.place ?? { name: 'list' };
  }

  private pathFor(route: Route): string {
    return portalPath(this.portal, route);
  }

  private handlePopState = (): void => {
    if (this.mode === 'fullscreen') this.route = this.routeFromPath();
  };

  private handleNavigate = (e: TpNavigateEvent): void => {
    e.stopPropagation();
    this.route = e.route;
    if (this.mode === 'fullscreen' && location.pathname !== this.pathFor(e.route)) history.pushState(null, '', this.pathFor(e.route));
    this.updateComplete.then(() => (this.renderRoot.querySelector('main') as HTMLElement | null)?.focus());
  };

  private handleDialogClose = (): void => {
    this.isOpen = false;
    this.launcher?.focus();
    this.dispatchEvent(new TpCloseEvent());
  };

  private renderView() {
    if (this.configError) return html`<p class="error" role="alert">${this.t(this.configError === 'refused' ? 'notHere' : 'portalMissing')}</p>`;
    if (!this.config || this.checking) return html`<p role="status">${this.t('loading')}</p>`;
    if (!this.signedIn) return html`<tp-sign-in></tp-sign-in>`;
    switch (this.route.name) {
      case 'ticket':
        return html`<tp-ticket-detail .ticketId=${this.route.id} .notice=${this.route.notice ?? ''}></tp-ticket-detail>`;
      case 'new':
        return html`<tp-ticket-create></tp-ticket-create>`;
      case 'account':
        return html`<tp-account></tp-account>`;
      default:
        return html`<tp-ticket-list ?compact=${this.mode === 'embedded'}></tp-ticket-list>`;
    }
  }

  private renderShell() {
    const logo = this.config?.branding;
    return html`<div class="shell" lang=${this.session.locale} @tp-navigate=${this.handleNavigate}>
      <header part="header">
        ${logo?.light.logoUrl
          ? html`<picture
              >${logo.dark.logoUrl ? html`<source media="(prefers-color-scheme: dark)" srcset=${logo.dark.logoUrl} />` : nothing}<img
                src=${logo.light.logoUrl}
                alt=""
            /></picture>`
          : nothing}
        <h1 id="tp-title">${this.config?.name ?? ''}</h1>
        ${this.signedIn && this.config
          ? html`<button @click=${() => this.handleNavigate(new TpNavigateEvent({ name: 'account' }))} aria-label=${this.t('account')}>
              ${this.t('account')}
            </button>`
          : nothing}
        ${this.mode === 'embedded' ? html`<button @click=${this.close}>${this.t('close')}</button>` : nothing}
      </header>
      <main tabindex="-1" aria-labelledby="tp-title">${this.renderView()}</main>
    </div>`;
  }

  override render() {
    if (this.mode !== 'embedded') return this.renderShell();
    return html`<button class="launcher primary" part="launcher" aria-haspopup="dialog" @click=${() => (this.isOpen = !this.isOpen)}>
        ${this.t('launcher')}
      </button>
      <dialog part="panel" aria-labelledby="tp-title" @close=${this.handleDialogClose}>${this.isOpen ? this.renderShell() : nothing}</dialog>`;
  }
}

const brandings = new WeakSet<CSSStyleSheet>();
function branded(config: PublicPortal): CSSStyleSheet {
  const sheet = brandingSheet(config.branding);
  brandings.add(sheet);
  return sheet;
}

declare global {
  interface HTMLElementTagNameMap {
    'tickets-portal': TicketsPortal;
  }
}
