import { provide } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { apiContext } from '../../context/api-context.js';
import { sessionContext, type Session } from '../../context/session-context.js';
import { LOCALES, pickLocale, translate, type Locale } from '../../i18n/strings.js';
import { base, tokens } from '../../styles/tokens.js';
import { ConsoleClient } from '../console-api.js';
import { ConsoleRouter, TpConsoleLocationEvent, type ConsoleRoute } from '../router.js';
import { consoleText, type ConsoleKey } from '../strings.js';
import { SETTINGS_HREF } from '../console-settings/console-settings.js';
import { settingsText } from '../console-settings/settings-strings.js';
import { ticketText } from '../console-ticket/ticket-strings.js';
import styles from './console-app.styles.js';

/** A section of the console in the header's navigation. */
interface NavItem {
  section: 'inbox' | 'people' | 'passkeys' | 'settings';
  href: string;
  label: ConsoleKey;
  /** Shown to admins only (and refused to agents by the API): people editing aside, settings (issue 11). */
  adminOnly?: boolean;
}

/** The header's sections, in order. */
const NAV: NavItem[] = [
  { section: 'inbox', href: '/console', label: 'navInbox' },
  { section: 'people', href: '/console/people', label: 'navPeople' },
  { section: 'passkeys', href: '/console/passkeys', label: 'navPasskeys' },
  { section: 'settings', href: SETTINGS_HREF, label: 'navSettings', adminOnly: true },
];

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
  private client = new ConsoleClient();

  @provide({ context: sessionContext })
  @state()
  private session: Session = { user: null, locale: pickLocale(navigator.language) };

  @query('#shortcuts') private shortcutsDialog?: HTMLDialogElement;

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
    this.addEventListener(TpConsoleLocationEvent.eventName, this.handleLocation);
    addEventListener('keydown', this.handleKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(TpConsoleLocationEvent.eventName, this.handleLocation);
    removeEventListener('keydown', this.handleKeydown);
  }

  /** A page changed the state it keeps in the address (the inbox's filters): recorded in place, no page change. */
  private handleLocation = (e: TpConsoleLocationEvent): void => {
    this.router.replace(e.route);
  };

  /** `?` lists the shortcuts on every page (not while typing, nor when signed out). */
  private handleKeydown = (e: KeyboardEvent): void => {
    if (e.key !== '?' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || !this.staff) return;
    const target = e.composedPath()[0];
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
    )
      return;
    if (this.shortcutsDialog?.open) return;
    e.preventDefault();
    this.shortcutsDialog?.showModal();
  };

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

  /**
   * The account's language, chosen here: it is stored on the account (`PATCH /me`) and
   * wins over the browser's from then on, as in the portal. A first admin made by
   * ADMIN_EMAIL starts in English, and could not change it in the console before.
   */
  private async handleLocale(e: Event): Promise<void> {
    const select = e.target as HTMLSelectElement;
    const locale = select.value as Locale;
    try {
      this.setSession(await this.client.updateMe({ locale }));
    } catch {
      // Unchanged: the select shows the language still in use.
      select.value = this.session.locale;
    }
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
    const titles: Record<ConsoleRoute['name'], string> = {
      inbox: this.ct('inboxTitle'),
      ticket: ticketText(this.session.locale, 'pageName'),
      people: this.ct('peopleTitle'),
      person: this.ct('peopleTitle'),
      organization: this.ct('peopleTitle'),
      passkeys: this.ct('passkeysTitle'),
      settings: settingsText(this.session.locale, 'settingsTitle'),
      'portal-settings': settingsText(this.session.locale, 'settingsTitle'),
      'not-found': this.ct('notFoundTitle'),
    };
    return this.ct('pageTitle', { page: titles[this.router.route.name] });
  }

  /** The section of the console a page belongs to, for the navigation's `aria-current`. */
  private section(route: ConsoleRoute): NavItem['section'] | null {
    if (route.name === 'inbox' || route.name === 'ticket') return 'inbox';
    if (route.name === 'people' || route.name === 'person' || route.name === 'organization') return 'people';
    if (route.name === 'passkeys') return 'passkeys';
    if (route.name === 'settings' || route.name === 'portal-settings') return 'settings';
    return null;
  }

  private renderNav() {
    const current = this.section(this.router.route);
    const admin = this.session.user?.role === 'admin';
    return html`<nav class="sections" aria-label=${this.ct('nav')}>
      ${NAV.filter((item) => admin || !item.adminOnly).map(
        (item) =>
          html`<a href=${item.href} aria-current=${current === item.section ? 'page' : nothing}>${this.ct(item.label)}</a>`,
      )}
    </nav>`;
  }

  private renderShortcuts() {
    const keys: [string[], ConsoleKey][] = [
      [['j', 'k'], 'key.jk'],
      [['Enter'], 'key.enter'],
      [['/'], 'key.slash'],
      [['?'], 'key.question'],
      [['r'], 'key.r'],
      [['n'], 'key.n'],
      [['e'], 'key.e'],
    ];
    return html`<dialog id="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">${this.ct('shortcuts')}</h2>
      <dl>
        ${keys.map(([k, label]) => html`<div><dt>${k.map((key, i) => html`${i ? ' / ' : ''}<kbd>${key}</kbd>`)}</dt><dd>${this.ct(label)}</dd></div>`)}
      </dl>
      <form method="dialog"><button class="primary">${this.ct('close')}</button></form>
    </dialog>`;
  }

  private renderPage(route: ConsoleRoute) {
    switch (route.name) {
      case 'inbox':
        return html`<tp-console-inbox .search=${route.search ?? ''}></tp-console-inbox>`;
      case 'ticket':
        return html`<tp-console-ticket ticket-id=${route.id}></tp-console-ticket>`;
      case 'people':
        return html`<tp-console-people .search=${route.search ?? ''}></tp-console-people>`;
      case 'person':
        return html`<tp-console-person person-id=${route.id}></tp-console-person>`;
      case 'organization':
        return html`<tp-console-organization organization-id=${route.id}></tp-console-organization>`;
      case 'passkeys':
        // The widget's own passkey manager, on the console's client: staff register the keys they sign in with here.
        return html`<h2>${this.ct('passkeysTitle')}</h2>
          <tp-passkeys></tp-passkeys>`;
      case 'settings':
      case 'portal-settings':
        return html`<tp-console-settings .route=${route}></tp-console-settings>`;
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
        ${
          user
            ? html`<div class="who">
                <span class="sr-only">${this.ct('signedInAs', { name: user.name, email: user.email })}</span>
                <span class="name" aria-hidden="true">${user.name}</span><span class="email" aria-hidden="true">${user.email}</span>
              </div>
              <label class="sr-only" for="console-locale">${this.ct('language')}</label>
              <select id="console-locale" class="locale" @change=${this.handleLocale}>
                ${(Object.keys(LOCALES) as Locale[]).map(
                  (l) =>
                    html`<option value=${l} lang=${l} ?selected=${l === this.session.locale}>${LOCALES[l]}</option>`,
                )}
              </select>
              <button @click=${this.handleSignOut}>${this.ct('signOut')}</button>`
            : nothing
        }
        ${user && this.staff ? this.renderNav() : nothing}
      </header>
      <main tabindex="-1" aria-labelledby="tp-title">${this.renderMain()}</main>
      ${user && this.staff ? this.renderShortcuts() : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console': TpConsole;
  }
}
