import { ContextProvider } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError, type ApiClient } from '../api/client.js';
import type { PublicPortal } from '../api/types.js';
import { portalContext } from '../context/portal-context.js';
import { translate, type MessageKey } from '../i18n/strings.js';
import { TpCloseEvent, TpOpenEvent } from '../shared/events.js';
import { icon } from '../shared/icons.js';
import { portalLogo } from '../shared/logo.js';
import { TpNavigateEvent } from '../shared/tp-element.js';
import { base, brandingSheet, tokens } from '../styles/tokens.js';
import { LiveController } from './live-controller.js';
import { RouteController } from './route-controller.js';
import { SessionController } from './session-controller.js';
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
  /** The modules the panel bundle shares with this one (set by the launcher's entry). */
  static shared: Record<string, object> = {};
  /** Where the panel bundle (the views) is; loaded once, when a portal first starts. Empty: the views are already defined. */
  static panelUrl = '';

  /** Where the portal is; full screen, the URL. */
  private readonly router = new RouteController(this);
  /** The API client and who is signed in (apiContext, sessionContext). Whoever signs in after a sign-out starts from the list. */
  private readonly auth = new SessionController(this, () => this.router.go({ name: 'list' }, true));
  /** One live-update stream while someone signed in is looking: the panel is open, or the portal is shown in place or full screen. */
  private readonly live = new LiveController(this, () =>
    this.isConnected && this.auth.signedIn && this.config && (this.mode !== 'embedded' || this.isOpen)
      ? this.auth.client
      : undefined,
  );

  /** The portal's configuration (portalContext): branding, views, types, fields. */
  private readonly configs = new ContextProvider(this, { context: portalContext });
  @state() private config?: PublicPortal;

  @query('dialog') private dialog?: HTMLDialogElement;
  @query('.launcher') private launcher?: HTMLButtonElement;

  /** Why the portal's config did not come: `refused` (this site may not embed it) or `missing` (anything else). */
  @state() private configError: '' | 'refused' | 'missing' = '';

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
  /**
   * The console's preview as a customer: a read-only session's token (from
   * `POST /admin/preview/{userId}`). The portal signs in as that customer, in
   * memory only, and offers no changes (the server refuses them anyway).
   */
  @property({ attribute: 'preview-token' }) previewToken = '';
  /**
   * The console's appearance preview: this configuration (unsaved changes
   * included) over a fixed sample list. Nothing is asked of the server and
   * nobody signs in; the portal attribute is not needed.
   */
  @property({ attribute: false }) sample?: PublicPortal;
  /** Whether the panel is open (embedded mode); the `open` attribute. Use `open()` and `close()` to change it. */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) isOpen = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The language first: the first request (the portal's config) already asks in it.
    if (changed.has('locale')) this.auth.setLocale(this.auth.session.user);
    if (changed.has('sample') && this.sample) this.show(this.sample);
    const keys = ['portal', 'api', 'mode', 'previewToken'] as const;
    if (keys.some((k) => changed.has(k)) && this.portal && !this.sample) {
      const base = (this.api || location.origin).replace(/\/+$/, '');
      // Full screen on the server's own origin (/p/:slug) signs in with the session cookie, and there
      // only can passkeys work (their relying party is that origin). Anywhere else: bearer tokens.
      this.loadConfig(
        this.auth.connect(
          base,
          this.portal,
          this.mode === 'fullscreen' && new URL(base, location.href).origin === location.origin,
          this.previewToken,
        ),
      );
    }
    if (this.mode === 'fullscreen' && changed.has('mode')) this.router.read();
    // A host page may hand over a new identity token (another customer, or a renewed one) at any time.
    if (changed.has('identityToken') && this.identityToken) this.auth.restart();
    if (this.mode !== 'embedded' || this.isOpen) {
      // First opening (or shown in place): the views' bundle comes now, beside the session check.
      loadPanel();
      this.auth.start(this.identityToken, this.signedOut);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('isOpen') && this.mode === 'embedded' && this.dialog) {
      if (this.isOpen && !this.dialog.open) {
        this.dialog.showModal();
        this.dispatchEvent(new TpOpenEvent());
      } else if (!this.isOpen && this.dialog.open) {
        this.dialog.close();
      }
    }
  }

  /** Opens the panel (embedded mode). */
  open(): void {
    this.isOpen = true;
  }

  /** Closes the panel; focus returns to the launcher. */
  close(): void {
    this.isOpen = false;
  }

  private async loadConfig(client: ApiClient): Promise<void> {
    try {
      const config = await client.portalConfig();
      if (client === this.auth.client) this.show(config);
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

  /** Shows `config`: provided to the views, its branding adopted. */
  private show(config: PublicPortal): void {
    this.configs.setValue(config);
    this.config = config;
    this.configError = '';
    const root = this.renderRoot as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((s) => !brandings.has(s)), branded(config)];
  }

  private t(key: MessageKey, params?: Record<string, string>): string {
    return translate(this.auth.session.locale, this.config?.kind ?? 'ticket', key, params);
  }

  private handleNavigate = (e: TpNavigateEvent): void => {
    e.stopPropagation();
    // The sample list leads nowhere; a preview opens tickets only (no form, no account to change).
    if (this.sample || (this.previewToken && e.route.name !== 'list' && e.route.name !== 'ticket')) return;
    this.router.go(e.route);
    this.updateComplete.then(() => (this.renderRoot.querySelector('main, .main') as HTMLElement | null)?.focus());
  };

  private handleDialogClose = (): void => {
    this.isOpen = false;
    this.launcher?.focus();
    this.dispatchEvent(new TpCloseEvent());
  };

  private renderView() {
    if (this.sample) return html`<tp-ticket-list sample ?compact=${this.mode === 'embedded'}></tp-ticket-list>`;
    // Not an error of the visitor's: a calm state with what to do instead, not a red line in an empty panel.
    if (this.configError)
      return html`<div class="unavailable">
        <span class="mark">${icon('status')}</span>
        <p class="title" role="alert">${this.t(this.configError === 'refused' ? 'notHere' : 'portalMissing')}</p>
        <p class="muted">${this.t('unavailableNext')}</p>
      </div>`;
    if (!this.config || this.auth.checking) return html`<p role="status">${this.t('loading')}</p>`;
    if (!this.auth.signedIn) return html`<tp-sign-in></tp-sign-in>`;
    const route = this.router.route;
    switch (route.name) {
      case 'ticket':
        return html`<tp-ticket-detail .ticketId=${route.id} .notice=${route.notice ?? ''}></tp-ticket-detail>`;
      case 'new':
        return html`<tp-ticket-create></tp-ticket-create>`;
      case 'account':
        return html`<tp-account></tp-account>`;
      default:
        return html`<tp-ticket-list ?compact=${this.mode === 'embedded'}></tp-ticket-list>`;
    }
  }

  private renderShell() {
    return html`<div class="shell" lang=${this.auth.session.locale} @tp-navigate=${this.handleNavigate}>
      <header part="header">
        ${portalLogo(this.config?.branding)}
        <h1 id="tp-title">${this.config?.name ?? this.t('launcher')}</h1>
        ${
          this.auth.signedIn && this.config && !this.previewToken
            ? html`<button class="icon-only" title=${this.t('account')} @click=${() => this.handleNavigate(new TpNavigateEvent({ name: 'account' }))}>
              ${icon('account')}<span class="sr-only">${this.t('account')}</span>
            </button>`
            : nothing
        }
        ${
          this.mode === 'embedded'
            ? html`<button class="icon-only" title=${this.t('close')} @click=${this.close}>${icon('close')}<span class="sr-only">${this.t('close')}</span></button>`
            : nothing
        }
      </header>
      ${
        // The console's previews sit inside its own main landmark: a region there (the sample, a picture, not even that).
        this.sample
          ? html`<div class="main">${this.renderView()}</div>`
          : this.previewToken
            ? html`<section class="main" tabindex="-1" aria-labelledby="tp-title">${this.renderView()}</section>`
            : html`<main tabindex="-1" aria-labelledby="tp-title">${this.renderView()}</main>`
      }
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

let panel: HTMLScriptElement | undefined;
/** Adds the panel bundle's script once; it defines the views, which then upgrade where they are shown. */
function loadPanel(): void {
  if (panel || !TicketsPortal.panelUrl) return;
  panel = document.createElement('script');
  panel.src = TicketsPortal.panelUrl;
  panel.async = true;
  // The host page's head is left as it was once the script has run.
  panel.onload = () => panel?.remove();
  // A failed load (offline) is tried again by the next portal that starts.
  panel.onerror = () => {
    panel?.remove();
    panel = undefined;
  };
  document.head.append(panel);
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
