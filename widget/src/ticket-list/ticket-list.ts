import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { TicketSummary } from '../api/types.js';
import { changesContext, type Changes } from '../context/changes-context.js';
import type { MessageKey } from '../i18n/strings.js';
import { icon } from '../shared/icons.js';
import { skeleton, skeletonStyles } from '../shared/skeleton.js';
import { TpElement, inert } from '../shared/tp-element.js';
import { sampleTickets } from './sample-tickets.js';
import styles from './ticket-list.styles.js';

const SORTS = ['created', 'updated', 'priority', 'status'] as const;
type Sort = (typeof SORTS)[number];

/** Each sort's natural direction: newest, latest and most urgent first; statuses in workflow order, open first. */
const naturalOrder = (sort: Sort) => (sort === 'status' ? 'asc' : 'desc');

/**
 * The customer's tickets: the side panel of views the portal enables, search,
 * sort, and one row per ticket with its status badge and priority label.
 *
 * @summary Ticket list with views, search and sort.
 * @csspart status - A status badge.
 * @csspart priority - A priority label.
 */
export class TpTicketList extends TpElement {
  static override styles = [...TpElement.styles, skeletonStyles, styles];

  /** Live updates: any change may move a ticket in or out of the list, so it reloads. */
  @consume({ context: changesContext, subscribe: true })
  @state()
  private changes?: Changes;

  @state() private view = 'all';
  @state() private q = '';
  @state() private sort: Sort = 'created';
  @state() private order: 'asc' | 'desc' = 'desc';
  @state() private items: TicketSummary[] = [];
  @state() private nextCursor: string | null = null;
  @state() private loading = true;
  @state() private error = '';
  /** How many tickets each view holds ("99+" past the cap), by view key; empty until they arrive or if they fail. */
  @state() private counts = new Map<string, string>();

  /** The side panel folded away by the customer (wide screens; remembered while the list is shown). */
  @state() private panelHidden = false;

  /** The views as one picker above the list (the small embedded panel); a narrow screen does the same. */
  @property({ type: Boolean }) compact = false;
  /** Made-up tickets instead of the customer's (the console's appearance preview): nothing is asked of the server. */
  @property({ type: Boolean }) sample = false;

  private searchTimer?: ReturnType<typeof setTimeout>;
  private requestId = 0;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('portal') && this.portal) {
      const views = this.views();
      if (!views.some((v) => v.key === this.view)) this.view = views[0]?.key ?? 'all';
    }
  }

  protected override updated(changed: PropertyValues): void {
    const keys = ['api', 'portal', 'view', 'sort', 'order', 'q', 'changes'] as const;
    if (keys.some((k) => changed.has(k)) && this.api && this.portal && !this.sample) {
      void this.load(false);
    }
    // The counts do not depend on the view, search or sort: only on what the customer may see.
    if (
      (['api', 'portal', 'changes'] as const).some((k) => changed.has(k)) &&
      this.api &&
      this.portal?.views.sidePanel
    ) {
      void this.loadCounts();
    }
  }

  /** The views' counts in one request; a failure leaves the views without counts (they are a hint, not the list). */
  private async loadCounts(): Promise<void> {
    const keys = this.views().map((v) => v.key);
    if (keys.length === 0) return;
    try {
      const { counts } = await this.client.viewCounts(keys);
      this.counts = new Map(counts.map((c) => [c.view, c.more ? `${c.count}+` : String(c.count)]));
    } catch {
      this.counts = new Map();
    }
  }

  private views(): { key: string; label: string }[] {
    const p = this.portal;
    if (!p) return [];
    const v = p.views;
    const list: { key: string; label: string }[] = [];
    if (v.all) list.push({ key: 'all', label: this.t('view.all') });
    if (v.myOpen) list.push({ key: 'my_open', label: this.t('view.my_open') });
    if (v.myClosed) list.push({ key: 'my_closed', label: this.t('view.my_closed') });
    if (v.followed) list.push({ key: 'followed', label: this.t('view.followed') });
    if (v.types) for (const type of p.types) list.push({ key: `type:${type.key}`, label: type.name });
    return list;
  }

  private async load(more: boolean): Promise<void> {
    const id = ++this.requestId;
    this.loading = true;
    this.error = '';
    try {
      const page = await this.client.tickets({
        view: this.view,
        q: this.q,
        sort: this.sort,
        order: this.order,
        cursor: more ? this.nextCursor : null,
      });
      if (id !== this.requestId) return;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    } catch (err) {
      if (id === this.requestId) this.error = this.failure(err);
    } finally {
      if (id === this.requestId) this.loading = false;
    }
  }

  private handleSearch(e: InputEvent): void {
    const value = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.q = value.trim()), 250);
  }

  private handleSort(e: Event): void {
    this.sort = (e.target as HTMLSelectElement).value as Sort;
    this.order = naturalOrder(this.sort);
  }

  /** The button to open a ticket; none in a read-only preview. */
  private newButton() {
    return this.session.readOnly
      ? nothing
      : html`<button class="primary" @click=${() => this.go({ name: 'new' })}>${this.t('newTicket')}</button>`;
  }

  private renderRows() {
    const items = this.sample ? sampleTickets(this.session.locale) : this.items;
    if (this.error && !this.sample) {
      return html`<div class="state">
        <p class="error" role="alert">${this.error}</p>
        <button @click=${() => this.load(false)}>${this.t('retry')}</button>
      </div>`;
    }
    if (this.loading && items.length === 0) return skeleton(this.t('loading'), 4);
    if (items.length === 0) {
      return this.q
        ? html`<div class="state"><p role="status">${this.t('noResults')}</p><p class="muted">${this.t('noResultsNext')}</p></div>`
        : html`<div class="state">
            <p role="status"><strong>${this.t('empty')}</strong></p>
            <p class="muted">${this.t('emptyInvite')}</p>
            ${this.newButton()}
          </div>`;
    }
    return html`<ol aria-busy=${this.loading && !this.sample ? 'true' : 'false'}>
        ${items.map(
          (t) => html`<li>
            <button @click=${() => this.go({ name: 'ticket', id: t.id })}>
              <span class="title">${inert(t.title)}</span>
              <span class="meta">
                ${this.statusBadge(t.status)} ${this.priorityLabel(t.priority)}
                <span class="muted">#${t.number} · ${t.type.name}</span>
                <span class="muted">${this.t('created', { date: this.date(t.createdAt) })}</span>
                <span class="muted">${this.t('updated', { date: this.date(t.updatedAt) })}</span>
              </span>
            </button>
          </li>`,
        )}
      </ol>
      ${this.nextCursor ? html`<button @click=${() => this.load(true)} ?disabled=${this.loading}>${this.t('loadMore')}</button>` : nothing}`;
  }

  /** A view's count as a badge; read out after the view's name ("All tickets, 12"). */
  private renderCount(key: string) {
    const n = this.counts.get(key);
    return n === undefined ? nothing : html`<span class="count"><span class="sr-only">, </span>${n}</span>`;
  }

  override render() {
    const panel = this.portal?.views.sidePanel ?? false;
    const views = panel ? this.views() : [];
    // The direction button says what it does: the other direction.
    const reverse = this.t(this.order === 'asc' ? 'sortDesc' : 'sortAsc');
    const shown = panel && !this.panelHidden && !this.compact;
    return html`<div class="layout ${shown ? '' : 'no-panel'} ${this.compact ? 'compact' : ''}">
      <section aria-labelledby="h">
        <div class="head">
          <h2 id="h">${this.t('tickets')}</h2>
          ${
            panel
              ? html`<button
                class="icon-only toggle"
                aria-expanded=${shown ? 'true' : 'false'}
                aria-controls="views"
                title=${this.t('views')}
                @click=${() => (this.panelHidden = !this.panelHidden)}
              >
                ${icon('menu')}<span class="sr-only">${this.t('views')}</span>
              </button>`
              : nothing
          }
          ${this.newButton()}
        </div>
        <div class="tools">
          ${
            panel
              ? html`<div class="picker">
                <label for="view">${this.t('views')}</label>
                <select id="view" @change=${(e: Event) => (this.view = (e.target as HTMLSelectElement).value)}>
                  ${views.map((v) => {
                    const n = this.counts.get(v.key);
                    return html`<option value=${v.key} ?selected=${v.key === this.view}>${v.label}${n === undefined ? '' : ` (${n})`}</option>`;
                  })}
                </select>
              </div>`
              : nothing
          }
          <div class="search">
            <label for="q">${this.t('search')}</label>
            <span class="with-icon">${icon('search')}<input id="q" type="search" placeholder=${this.t('searchPlaceholder')} @input=${this.handleSearch} /></span>
          </div>
          <div class="sort">
            <label for="sort">${this.t('sort')}</label>
            <select id="sort" @change=${this.handleSort}>
              ${SORTS.map((s) => html`<option value=${s} ?selected=${s === this.sort}>${this.t(`sort.${s}` as MessageKey)}</option>`)}
            </select>
          </div>
          <button class="icon-only dir" aria-label=${reverse} title=${reverse} @click=${() => (this.order = this.order === 'asc' ? 'desc' : 'asc')}>
            ${icon(this.order === 'asc' ? 'up' : 'down')}
          </button>
        </div>
        ${this.renderRows()}
      </section>
      ${
        shown
          ? html`<nav id="views" aria-label=${this.t('views')}>
            <ul>
              ${views.map(
                (v) => html`<li>
                  <button aria-current=${v.key === this.view ? 'true' : 'false'} @click=${() => (this.view = v.key)}>
                    <span class="label">${v.label}</span>${this.renderCount(v.key)}
                  </button>
                </li>`,
              )}
            </ul>
          </nav>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-list': TpTicketList;
  }
}
