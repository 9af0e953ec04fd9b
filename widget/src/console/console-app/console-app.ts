import { provide } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient, ApiError } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { apiContext } from '../../context/api-context.js';
import { sessionContext, type Session } from '../../context/session-context.js';
import { pickLocale, translate } from '../../i18n/strings.js';
import { base, tokens } from '../../styles/tokens.js';
import { ConsoleRouter, type ConsoleRoute } from '../router.js';
import { ticketText } from '../console-ticket/ticket-strings.js';
import { consoleText, type ConsoleKey } from '../strings.js';
import styles from './console-app.styles.js';

/**
 * The support console, on the server's own origin at `/console`: staff sign in
 * (email code or link, or a passkey; no portal involved; the session cookie),
 * then work in a shell (a header with who is signed in and "Sign out", a main
 * area showing the page the address names). Provides the API client and the
 * session to every view inside it, as <tickets-portal> does for the widget's.
 * Pages are picked by `ConsoleRouter` from the path below `/console`; back and
 * forward work.
 *
 * @summary The support team's console.
 * @csspart header - The bar with the product name and the signed-in person.
 * @cssproperty --tp-main - Header color.
 * @cssproperty --tp-body - Background color.
 */
export class TpConsole extends LitElement {
  static override styles = [tokens, base, styles];

  @provide({ context: apiContext })
  @state()
  private client = new ApiClient(location.origin, null, true);

  @provide({ context: sessionContext })
  @state()
  private session: Session = { user: null, locale: pickLocale(navigator.language) };

  /** Asking /me whether the session cookie signs someone in (so the sign-in form does not flash). */
  @state() private checking = true;
  @state() private unreachable = false;

  private readonly router = new ConsoleRouter(this, () => this.handleRouteChange());

  /** Interface language (`en`, `fr`); otherwise the account's, then the browser's. */
  @property() locale = '';
  /**
   * Set by the server's page when the request carried no live session: the
   * sign-in shows at once, with no /me request answered 401 on the way.
   */
  @property({ type: Boolean, attribute: 'signed-out' }) signedOut = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.client.onSession = (user) => this.handleSession(user);
    this.client.locale = this.session.locale;
    if (this.signedOut) this.checking = false;
    else void this.checkSession();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) this.setSession(this.session.user);
  }

  protected override updated(): void {
    document.documentElement.lang = this.session.locale;
    document.title = this.pageTitle();
  }

  private async checkSession(): Promise<void> {
    this.checking = true;
    try {
      this.handleSession(await this.client.me());
      this.unreachable = false;
    } catch (err) {
      // A 401 already signed out (onSession(null)); anything else: the server is out of reach.
      this.unreachable = !(err instanceof ApiError && err.status === 401);
    } finally {
      this.checking = false;
    }
  }

  private handleSession(user: User | null): void {
    this.setSession(user);
    this.updateComplete.then(() => this.focusMain());
  }

  private setSession(user: User | null): void {
    this.session = { user, locale: pickLocale(this.locale, user?.locale, navigator.language) };
    // The API words its answers (errors included) in the language the console asks in.
    this.client.locale = this.session.locale;
  }

  private handleRouteChange(): void {
    this.updateComplete.then(() => this.focusMain());
  }

  private async handleSignOut(): Promise<void> {
    try {
      await this.client.logout(false);
    } catch {
      // Signed out locally either way; the cookie is the server's to clear.
    }
  }

  private focusMain(): void {
    (this.renderRoot.querySelector('main') as HTMLElement | null)?.focus();
  }

  private ct(key: ConsoleKey, params?: Record<string, string | number>): string {
    return consoleText(this.session.locale, key, params);
  }

  private get staff(): boolean {
    const role = this.session.user?.role;
    return role === 'agent' || role === 'admin';
  }

  private pageTitle(): string {
    const user = this.session.user;
    if (!user) return this.ct('pageTitle', { page: this.ct('consoleName') });
    const name = this.router.route.name;
    const page = name === 'inbox' ? this.ct('inboxTitle') : name === 'ticket' ? ticketText(this.session.locale, 'pageName') : this.ct('notFoundTitle');
    return this.ct('pageTitle', { page });
  }

  private renderPage(route: ConsoleRoute) {
    switch (route.name) {
      case 'inbox':
        return html`<tp-console-home></tp-console-home>`;
      case 'ticket':
        return html`<tp-console-ticket ticket-id=${route.id}></tp-console-ticket>`;
      case 'not-found':
        return html`<h2>${this.ct('notFoundTitle')}</h2>
          <p>${this.ct('notFound')}</p>
          <p><a href="/console">${this.ct('home')}</a></p>`;
    }
  }

  private renderMain() {
    if (this.checking) return html`<p role="status">${translate(this.session.locale, 'ticket', 'loading')}</p>`;
    const user = this.session.user;
    if (!user) {
      return html`<div class="card">
        ${this.unreachable ? html`<p class="error" role="alert">${this.ct('loadError')}</p>` : nothing}
        <tp-sign-in></tp-sign-in>
        <p class="muted hint">${this.ct('signInHint')}</p>
      </div>`;
    }
    if (!this.staff) {
      return html`<div class="card">
        <p role="alert">${this.ct('notStaff', { email: user.email })}</p>
        <button class="primary" @click=${this.handleSignOut}>${this.ct('signOut')}</button>
      </div>`;
    }
    return this.renderPage(this.router.route);
  }

  override render() {
    const user = this.session.user;
    return html`<div class="shell" lang=${this.session.locale}>
      <header part="header">
        <h1 id="tp-title">${this.ct('product')} <span class="sub">· ${this.ct('consoleName')}</span></h1>
        ${user
          ? html`<div class="who">
                <span class="sr-only">${this.ct('signedInAs', { name: user.name, email: user.email })}</span>
                <span class="name" aria-hidden="true">${user.name}</span><span class="email" aria-hidden="true">${user.email}</span>
              </div>
              <button @click=${this.handleSignOut}>${this.ct('signOut')}</button>`
          : nothing}
      </header>
      <main tabindex="-1" aria-labelledby="tp-title">${this.renderMain()}</main>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console': TpConsole;
  }
}
