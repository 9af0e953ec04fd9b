import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import { ConsoleElement } from '../console-element.js';
import type { AdminOrganization, AdminUser } from '../console-api.js';
import { CONSOLE_BASE, TpConsoleLocationEvent } from '../router.js';
import type { ConsoleKey } from '../strings.js';
import styles from './console-people.styles.js';
import { personItem } from './people-record.js';

const ROLES = ['customer', 'agent', 'admin'] as const;
const PAGE = '50';

/**
 * People: customers (and staff) and organizations, searched together by name,
 * email or domain; the role filter narrows the people. The search lives in
 * the address (`?q=&role=`). Each row links to its page.
 *
 * @summary The console's people and organizations list.
 * @fires tp-console-location - When the search or the role filter changes.
 */
export class TpConsolePeople extends ConsoleElement {
  static override styles = [...ConsoleElement.styles, styles];

  @state() private people: AdminUser[] = [];
  @state() private organizations: AdminOrganization[] = [];
  @state() private peopleCursor: string | null = null;
  @state() private orgCursor: string | null = null;
  @state() private loading = true;
  @state() private error = '';

  /** The address's query string (with its `?`): `q` and `role`. */
  @property() search = '';

  private params = new URLSearchParams();
  private request = 0;
  private timer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('search') && (this.search ?? '') !== this.ownSearch()) {
      this.params = new URLSearchParams(this.search ?? '');
      if (this.api) void this.load();
    } else if (changed.has('api') && this.api) {
      void this.load();
    }
  }

  private ownSearch(): string {
    const text = this.params.toString();
    return text ? `?${text}` : '';
  }

  private async load(): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    const request = ++this.request;
    this.loading = true;
    this.error = '';
    const q = this.params.get('q') ?? '';
    const role = this.params.get('role') ?? '';
    try {
      const [people, orgs] = await Promise.all([
        api.users({ q, role, limit: PAGE }),
        // Organizations have no role: a role filter leaves them out.
        role ? Promise.resolve({ items: [], nextCursor: null }) : api.organizations({ q, limit: PAGE }),
      ]);
      if (request !== this.request) return;
      this.people = people.items;
      this.peopleCursor = people.nextCursor;
      this.organizations = orgs.items;
      this.orgCursor = orgs.nextCursor;
    } catch (err) {
      if (request === this.request) this.error = this.failure(err);
    } finally {
      if (request === this.request) this.loading = false;
    }
  }

  private async more(which: 'people' | 'organizations'): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    const q = this.params.get('q') ?? '';
    try {
      if (which === 'people') {
        const page = await api.users({
          q,
          role: this.params.get('role') ?? '',
          cursor: this.peopleCursor,
          limit: PAGE,
        });
        this.people = [...this.people, ...page.items];
        this.peopleCursor = page.nextCursor;
      } else {
        const page = await api.organizations({ q, cursor: this.orgCursor, limit: PAGE });
        this.organizations = [...this.organizations, ...page.items];
        this.orgCursor = page.nextCursor;
      }
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private setParam(key: string, value: string): void {
    if (value) this.params.set(key, value);
    else this.params.delete(key);
    this.params.sort();
    this.search = this.ownSearch();
    this.dispatchEvent(new TpConsoleLocationEvent({ name: 'people', ...(this.search && { search: this.search }) }));
    void this.load();
  }

  private handleSearch(e: InputEvent): void {
    const value = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.setParam('q', value), 250);
  }

  private renderPeople() {
    if (this.people.length === 0) return html`<p class="state muted">${this.ct('noPeople')}</p>`;
    return html`<ul class="items ruled" aria-labelledby="people-h">
        ${this.people.map((p) => personItem(p, this.ct(`role.${p.role}` as ConsoleKey)))}
      </ul>
      ${this.peopleCursor ? html`<p class="more"><button type="button" @click=${() => this.more('people')}>${this.ct('loadMore')}</button></p>` : nothing}`;
  }

  private renderOrganizations() {
    if (this.organizations.length === 0) return html`<p class="state muted">${this.ct('noOrganizations')}</p>`;
    return html`<ul class="items ruled" aria-labelledby="orgs-h">
        ${this.organizations.map(
          (o) => html`<li>
            <a href=${`${CONSOLE_BASE}/organizations/${encodeURIComponent(o.id)}`}>
              <span class="name">${inert(o.name)}</span>
              ${o.domain ? html`<span class="sub">${o.domain}</span>` : nothing}
            </a>
          </li>`,
        )}
      </ul>
      ${this.orgCursor ? html`<p class="more"><button type="button" @click=${() => this.more('organizations')}>${this.ct('loadMore')}</button></p>` : nothing}`;
  }

  override render() {
    const role = this.params.get('role') ?? '';
    return html`<h2>${this.ct('peopleTitle')}</h2>
      ${this.isAdmin ? html`<tp-people-actions></tp-people-actions>` : nothing}
      <div class="bar">
        <div>
          <label for="people-q">${this.ct('peopleSearch')}</label>
          <input id="people-q" type="search" .value=${this.params.get('q') ?? ''} @input=${this.handleSearch} />
        </div>
        <div>
          <label for="people-role">${this.ct('roleFilter')}</label>
          <select id="people-role" @change=${(e: Event) => this.setParam('role', (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${role === ''}>${this.ct('any')}</option>
            ${ROLES.map((r) => html`<option value=${r} ?selected=${r === role}>${this.ct(`role.${r}`)}</option>`)}
          </select>
        </div>
      </div>
      ${
        this.error
          ? html`<div class="state" role="alert"><p class="error">${this.error}</p><button type="button" @click=${() => this.load()}>${this.ct('retry')}</button></div>`
          : this.loading && this.people.length === 0 && this.organizations.length === 0
            ? html`<p class="state muted" role="status">${this.ct('loadingPeople')}</p>`
            : html`<div class="columns" aria-busy=${this.loading ? 'true' : 'false'}>
              <section>
                <h3 id="people-h">${this.ct('customers')}</h3>
                ${this.renderPeople()}
              </section>
              ${
                role
                  ? nothing
                  : html`<section>
                    <h3 id="orgs-h">${this.ct('organizations')}</h3>
                    ${this.renderOrganizations()}
                  </section>`
              }
            </div>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-people': TpConsolePeople;
  }
}
