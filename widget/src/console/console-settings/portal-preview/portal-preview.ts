import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { inert } from '../../../shared/tp-element.js';
import type { AdminUser } from '../../console-api.js';
import { PortalTabElement } from '../settings-element.js';
import { loadWidget } from './load-widget.js';
import { startPreview, type AdminPreview } from './portal-preview-api.js';
import { previewText, type PreviewKey } from './portal-preview-strings.js';
import styles from './portal-preview.styles.js';

/**
 * How long a session token lives, in ms: `exp - iat`, both by the server's
 * clock, so a device whose clock is off still counts an hour from now. Null
 * for a token it cannot read (then the preview ends when the server refuses it).
 */
function lifetimeOf(token: string): number | null {
  try {
    const { iat, exp } = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      iat: number;
      exp: number;
    };
    return (exp - iat) * 1000 || null;
  } catch {
    return null;
  }
}

/**
 * Preview as customer: the admin finds a customer by name or email, and the
 * real <tickets-portal> opens in place on a read-only preview session of
 * theirs (`POST /admin/preview/{userId}`): their list and tickets under the
 * portal's rules, with a banner naming whose view it is and a way out. The
 * widget offers no changes there and the server refuses any.
 *
 * @summary A portal seen as one customer sees it.
 */
export class TpPortalPreview extends PortalTabElement {
  static override styles = [...PortalTabElement.styles, styles];

  @state() private q = '';
  @state() private results: AdminUser[] = [];
  @state() private searching = false;
  @state() private searchError = '';
  /** Who is being opened (their id), while the server mints the session. */
  @state() private opening = '';
  @state() private openError = '';
  @state() private preview: AdminPreview | null = null;
  @state() private ended = false;

  @query('#q') private search?: HTMLInputElement;

  private timer?: ReturnType<typeof setTimeout>;
  private expiry?: ReturnType<typeof setTimeout>;
  private requestId = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    clearTimeout(this.expiry);
  }

  private pt(key: PreviewKey, params?: Record<string, string | number>): string {
    return previewText(this.session.locale, key, params);
  }

  private handleInput(e: Event): void {
    const value = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.find(value), 250);
  }

  private async find(q: string): Promise<void> {
    const api = this.consoleApi;
    this.q = q;
    this.searchError = '';
    if (!api || !q) {
      this.results = [];
      return;
    }
    const id = ++this.requestId;
    this.searching = true;
    try {
      const page = await api.users({ q, role: 'customer', limit: '10' });
      if (id === this.requestId) this.results = page.items;
    } catch (err) {
      if (id === this.requestId) this.searchError = this.consoleFailure(err);
    } finally {
      if (id === this.requestId) this.searching = false;
    }
  }

  private async open(user: AdminUser): Promise<void> {
    const client = this.api;
    const slug = this.record?.slug;
    if (!client || !slug || this.opening) return;
    this.opening = user.id;
    this.openError = '';
    this.ended = false;
    try {
      // The widget's bundle and the session together: neither waits for the other.
      const [preview] = await Promise.all([startPreview(client, user.id, slug), loadWidget(client.base)]);
      this.preview = preview;
      clearTimeout(this.expiry);
      const lifetime = lifetimeOf(preview.token);
      if (lifetime) this.expiry = setTimeout(() => this.exit(true), lifetime);
      await this.updateComplete;
      (this.renderRoot.querySelector('.banner') as HTMLElement | null)?.focus();
    } catch (err) {
      this.openError =
        err instanceof Error && err.message === 'widget bundle' ? this.pt('widgetFailed') : this.consoleFailure(err);
    } finally {
      this.opening = '';
    }
  }

  /** Back to the search (`ended`: the session ran out), focus on its field. */
  private async exit(ended = false): Promise<void> {
    clearTimeout(this.expiry);
    this.preview = null;
    this.ended = ended;
    await this.updateComplete;
    this.search?.focus();
  }

  private renderResults() {
    if (this.searchError) return html`<p class="error" role="alert">${this.searchError}</p>`;
    if (this.searching && this.results.length === 0) return html`<p role="status">${this.pt('searching')}</p>`;
    if (!this.q) return html`<p class="muted">${this.pt('typeToSearch')}</p>`;
    if (this.results.length === 0) return html`<p role="status">${this.pt('noMatch', { q: this.q })}</p>`;
    return html`<ul class="results" aria-busy=${this.searching ? 'true' : 'false'}>
      ${this.results.map(
        (u) => html`<li>
          <span class="who"><strong>${inert(u.name)}</strong> <span class="muted">${inert(u.email)}</span></span>
          <button
            class="primary"
            ?disabled=${!!this.opening}
            aria-label=${this.pt('viewAs', { name: `${u.name} (${u.email})` })}
            @click=${() => this.open(u)}
          >
            ${this.pt('viewAs', { name: inert(u.name) })}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  private renderPreview(preview: AdminPreview) {
    const portal = this.record?.config.name ?? preview.portal;
    return html`<div class="banner" tabindex="-1" role="region" aria-label=${this.st('tab.preview')}>
        <p>
          ${this.pt('banner', { portal: inert(portal), name: inert(preview.user.name), email: inert(preview.user.email) })}
        </p>
        <button @click=${() => this.exit()}>${this.pt('exit')}</button>
      </div>
      <tickets-portal
        portal=${preview.portal}
        api=${this.api?.base ?? location.origin}
        mode="inline"
        locale=${this.session.locale}
        preview-token=${preview.token}
      ></tickets-portal>`;
  }

  override render() {
    if (this.preview) return this.renderPreview(this.preview);
    return html`<h3>${this.st('tab.preview')}</h3>
      <p class="muted">${this.pt('intro')}</p>
      ${this.ended ? html`<p role="status">${this.pt('ended')}</p>` : nothing}
      <div role="search" class="field">
        <label for="q">${this.pt('find')}</label>
        <input
          id="q"
          type="search"
          autocomplete="off"
          placeholder=${this.pt('findPlaceholder')}
          .value=${this.q}
          @input=${this.handleInput}
        />
      </div>
      ${this.openError ? html`<p class="error" role="alert">${this.openError}</p>` : nothing}
      ${this.opening ? html`<p role="status">${this.pt('opening')}</p>` : nothing} ${this.renderResults()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-preview': TpPortalPreview;
  }
}
