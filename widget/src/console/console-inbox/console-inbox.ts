import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LiveUpdates, type TicketChange } from '../../api/live-updates.js';
import { inert } from '../../shared/tp-element.js';
import { ConsoleElement } from '../console-element.js';
import type { InboxCounts, InboxFilterOptions, InboxQuery, InboxTicket, InboxView } from '../console-api.js';
import { CONSOLE_BASE, TpConsoleLocationEvent } from '../router.js';
import type { ConsoleKey } from '../strings.js';
import styles from './console-inbox.styles.js';

/** The views, in the order the inbox offers them; `all` is every ticket. */
export const VIEWS: readonly (InboxView | 'all')[] = [
  'unassigned',
  'mine',
  'open',
  'waiting',
  'updated',
  'closed',
  'all',
];
/** The view an inbox without `?view=` shows. */
export const DEFAULT_VIEW: InboxView = 'open';
/** Filters kept in the address beside `view`; `requesterId` comes from a person's "See their tickets". */
const FILTER_KEYS = [
  'portalId',
  'organizationId',
  'requesterId',
  'typeId',
  'kind',
  'status',
  'priority',
  'assigneeId',
] as const;
const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
const SORTS = ['updated', 'created', 'priority', 'status'] as const;
const PAGE = 25;
/** Changes arriving within this time refresh the list once. */
const LIVE_BATCH_MS = 300;

/**
 * The console inbox: every ticket and task in views (unassigned, mine, all
 * open, waiting on customer, recently updated, closed, all) with their counts,
 * filters, search, sort and keyset paging. The view, filters, search and sort
 * live in the address (`search`), so an inbox link says what it shows. New
 * tickets and replies appear live (the staff event stream). Keyboard: j/k move
 * through the list, Enter opens, / searches.
 *
 * @summary The support team's list of tickets and tasks.
 * @fires tp-console-location - When the view, a filter, the search or the sort changes (the shell records it in the address).
 */
export class TpConsoleInbox extends ConsoleElement {
  static override styles = [...ConsoleElement.styles, styles];

  @query('#inbox-q') private searchInput?: HTMLInputElement;

  @state() private items: InboxTicket[] = [];
  @state() private nextCursor: string | null = null;
  @state() private counts: InboxCounts | null = null;
  @state() private options: InboxFilterOptions | null = null;
  @state() private loading = true;
  @state() private loadingMore = false;
  @state() private error = '';
  /** The row j/k moved to (an index in `items`), -1 for none. */
  @state() private selected = -1;
  /** Tickets a live change touched since the list was last shown. */
  @state() private fresh = new Set<string>();
  /** Said politely to screen readers after a live refresh. */
  @state() private liveNote = '';

  /** The address's query string (with its `?`): view, filters, search, sort. */
  @property() search = '';

  private params = new URLSearchParams();
  private request = 0;
  private live?: LiveUpdates;
  private liveTimer?: ReturnType<typeof setTimeout>;
  private pendingChanges = new Set<string>();
  private searchTimer?: ReturnType<typeof setTimeout>;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.handleKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('keydown', this.handleKeydown);
    this.live?.stop();
    this.live = undefined;
    clearTimeout(this.liveTimer);
    clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('search') && (this.search ?? '') !== this.ownSearch()) {
      this.params = new URLSearchParams(this.search ?? '');
      if (this.api) void this.load();
    }
    if (changed.has('api') && this.api) {
      this.live?.stop();
      this.live = new LiveUpdates(this.api, (change) => this.handleLiveChange(change));
      this.live.start();
      void this.loadOptions();
      void this.load();
    }
  }

  protected override updated(changed: PropertyValues): void {
    // On a phone the views scroll sideways: keep the current one in sight.
    if (changed.has('search') || changed.has('counts')) {
      const current = this.renderRoot.querySelector<HTMLElement>('nav a[aria-current=page]');
      const row = current?.closest('ul');
      if (current && row && row.scrollWidth > row.clientWidth) {
        row.scrollLeft = current.offsetLeft - row.offsetLeft - (row.clientWidth - current.offsetWidth) / 2;
      }
    }
  }

  private get view(): InboxView | 'all' {
    const view = this.params.get('view');
    return (VIEWS as readonly string[]).includes(view ?? '') ? (view as InboxView | 'all') : DEFAULT_VIEW;
  }

  /** The address's query string for the current state. */
  private ownSearch(): string {
    const text = this.params.toString();
    return text ? `?${text}` : '';
  }

  /** The API's filters: the address's, with `me` as the signed-in agent's id. */
  private filters(): InboxQuery {
    const out: InboxQuery = {};
    for (const key of FILTER_KEYS) {
      const value = this.params.get(key);
      if (value) out[key] = key === 'assigneeId' && value === 'me' ? (this.session.user?.id ?? '') : value;
    }
    const q = this.params.get('q')?.trim();
    if (q) out.q = q;
    return out;
  }

  private listQuery(): InboxQuery {
    const view = this.view;
    return {
      ...this.filters(),
      ...(view !== 'all' && { view }),
      sort: this.params.get('sort') ?? 'updated',
      ...(this.params.get('order') && { order: this.params.get('order')! }),
    };
  }

  private async loadOptions(): Promise<void> {
    try {
      this.options = (await this.consoleApi?.filterOptions()) ?? null;
    } catch {
      // The menus stay with what the address names; the list itself reports failures.
    }
  }

  /** The first page and the counts, for the current state; `keep` keeps at least as many rows as shown (live refresh). */
  private async load(keep = false): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    const request = ++this.request;
    if (!keep) {
      this.loading = true;
      this.error = '';
    }
    const limit = keep ? Math.min(100, Math.max(PAGE, this.items.length)) : PAGE;
    try {
      const [page, counts] = await Promise.all([
        api.tickets({ ...this.listQuery(), limit: String(limit) }),
        api.counts(this.filters()),
      ]);
      if (request !== this.request) return;
      const selectedId = this.items[this.selected]?.id;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.counts = counts;
      this.error = '';
      this.selected = keep && selectedId ? page.items.findIndex((t) => t.id === selectedId) : -1;
    } catch (err) {
      if (request !== this.request) return;
      this.error = this.failure(err);
    } finally {
      if (request === this.request) this.loading = false;
    }
  }

  private async loadMore(): Promise<void> {
    const api = this.consoleApi;
    if (!api || !this.nextCursor) return;
    const request = this.request;
    this.loadingMore = true;
    try {
      const page = await api.tickets({ ...this.listQuery(), cursor: this.nextCursor, limit: String(PAGE) });
      if (request !== this.request) return;
      const first = this.items.length;
      this.items = [...this.items, ...page.items];
      this.nextCursor = page.nextCursor;
      await this.updateComplete;
      // Keyboard users carry on from the first new row.
      this.rowLinks()[first]?.focus();
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Changes the address's state (`null` removes a key) and loads the list for it. */
  private setParams(changes: Record<string, string | null>): void {
    for (const [key, value] of Object.entries(changes)) {
      if (value) this.params.set(key, value);
      else this.params.delete(key);
    }
    this.params.sort();
    this.search = this.ownSearch();
    this.dispatchEvent(new TpConsoleLocationEvent({ name: 'inbox', ...(this.search && { search: this.search }) }));
    void this.load();
  }

  private handleLiveChange(change: TicketChange | null): void {
    if (change) this.pendingChanges.add(change.ticketId);
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => void this.applyLiveChanges(), LIVE_BATCH_MS);
  }

  private async applyLiveChanges(): Promise<void> {
    const changed = [...this.pendingChanges];
    this.pendingChanges.clear();
    await this.load(true);
    this.fresh = new Set([...this.fresh, ...changed]);
    const shown = changed.filter((id) => this.items.some((t) => t.id === id)).length;
    if (shown > 0) this.liveNote = shown === 1 ? this.ct('liveOne') : this.ct('liveNew', { count: shown });
  }

  private rowLinks(): HTMLAnchorElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLAnchorElement>('a.ticket')];
  }

  /** j/k move through the list, Enter opens the selected row, / focuses the search; never while typing. */
  private handleKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || !this.isConnected) return;
    const target = e.composedPath()[0];
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
    )
      return;
    if (document.querySelector('dialog[open]') || (target instanceof Element && target.closest('dialog'))) return;
    const links = this.rowLinks();
    if (e.key === 'j' || e.key === 'k') {
      if (links.length === 0) return;
      e.preventDefault();
      const focused = links.indexOf(
        this.renderRoot instanceof ShadowRoot ? (this.renderRoot.activeElement as HTMLAnchorElement) : links[0]!,
      );
      const from = focused >= 0 ? focused : this.selected;
      const next = e.key === 'j' ? Math.min(links.length - 1, from + 1) : Math.max(0, from < 0 ? 0 : from - 1);
      this.selected = next;
      links[next]!.focus();
      links[next]!.scrollIntoView({ block: 'nearest' });
    } else if (
      e.key === 'Enter' &&
      this.selected >= 0 &&
      !(target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement)
    ) {
      e.preventDefault();
      links[this.selected]?.click();
    } else if (e.key === '/') {
      e.preventDefault();
      this.searchInput?.focus();
      this.searchInput?.select();
    }
  };

  private handleViewClick(e: MouseEvent, view: InboxView | 'all'): void {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    this.setParams({ view: view === DEFAULT_VIEW ? null : view });
  }

  private handleSearchInput(e: InputEvent): void {
    const value = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setParams({ q: value.trim() || null }), 250);
  }

  private handleSearchKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      clearTimeout(this.searchTimer);
      this.setParams({ q: (e.target as HTMLInputElement).value.trim() || null });
    } else if (e.key === 'Escape' && (e.target as HTMLInputElement).value) {
      (e.target as HTMLInputElement).value = '';
      clearTimeout(this.searchTimer);
      this.setParams({ q: null });
    }
  }

  private handleFilter(key: string, e: Event): void {
    this.setParams({ [key]: (e.target as HTMLSelectElement).value || null });
  }

  private clearAll(): void {
    if (this.searchInput) this.searchInput.value = '';
    this.setParams(Object.fromEntries([...FILTER_KEYS, 'q'].map((k) => [k, null])));
  }

  private clearFilters(): void {
    this.setParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])));
  }

  private activeFilters(): number {
    return FILTER_KEYS.filter((k) => this.params.get(k)).length;
  }

  private viewHref(view: InboxView | 'all'): string {
    const params = new URLSearchParams(this.params);
    if (view === DEFAULT_VIEW) params.delete('view');
    else params.set('view', view);
    const text = params.toString();
    return CONSOLE_BASE + (text ? `?${text}` : '');
  }

  private renderViews() {
    const current = this.view;
    return html`<nav aria-label=${this.ct('views')}>
      <ul>
        ${VIEWS.map((view) => {
          const label = this.ct(`view.${view}` as ConsoleKey);
          const count = this.counts?.[view];
          return html`<li>
            <a
              href=${this.viewHref(view)}
              aria-current=${current === view ? 'page' : nothing}
              @click=${(e: MouseEvent) => this.handleViewClick(e, view)}
              >${label}${count === undefined ? nothing : html` <span class="count">${count}</span>`}</a
            >
          </li>`;
        })}
      </ul>
    </nav>`;
  }

  private select(key: string, label: string, choices: { value: string; label: string }[]) {
    const id = `f-${key}`;
    const value = this.params.get(key) ?? '';
    // A value from the address the menu does not offer (yet) still shows as chosen.
    const known = value === '' || choices.some((c) => c.value === value);
    return html`<div>
      <label for=${id}>${label}</label>
      <select id=${id} @change=${(e: Event) => this.handleFilter(key, e)}>
        <option value="" ?selected=${value === ''}>${this.ct('any')}</option>
        ${known ? nothing : html`<option value=${value} selected>${value}</option>`}
        ${choices.map((c) => html`<option value=${c.value} ?selected=${c.value === value}>${c.label}</option>`)}
      </select>
    </div>`;
  }

  private renderFilters() {
    const o = this.options;
    const active = this.activeFilters();
    const me = this.session.user?.id;
    return html`<details class="filters" ?open=${active > 0}>
      <summary>${active ? this.ct('filtersActive', { count: active }) : this.ct('filters')}</summary>
      <div class="grid">
        ${this.select(
          'portalId',
          this.ct('filterPortal'),
          (o?.portals ?? []).map((p) => ({ value: p.id, label: p.name })),
        )}
        ${this.select(
          'organizationId',
          this.ct('filterOrganization'),
          (o?.organizations ?? []).map((x) => ({ value: x.id, label: x.name })),
        )}
        ${this.select(
          'typeId',
          this.ct('filterType'),
          (o?.types ?? []).map((x) => ({ value: x.id, label: x.name })),
        )}
        ${this.select('kind', this.ct('filterKind'), [
          { value: 'ticket', label: this.ct('kindTicket') },
          { value: 'task', label: this.ct('kindTask') },
        ])}
        ${this.select(
          'status',
          this.ct('filterStatus'),
          STATUSES.map((s) => ({ value: s, label: this.t(`status.${s}`) })),
        )}
        ${this.select(
          'priority',
          this.ct('filterPriority'),
          PRIORITIES.map((p) => ({ value: p, label: this.t(`priority.${p}`) })),
        )}
        ${this.select('assigneeId', this.ct('filterAssignee'), [
          { value: 'none', label: this.ct('assigneeNone') },
          { value: 'me', label: this.ct('assigneeMe') },
          ...(o?.staff ?? []).filter((s) => s.id !== me).map((s) => ({ value: s.id, label: s.name })),
        ])}
        ${active ? html`<button type="button" @click=${this.clearFilters}>${this.ct('clearFilters')}</button>` : nothing}
      </div>
    </details>`;
  }

  private renderBar() {
    const sort = this.params.get('sort') ?? 'updated';
    const order = this.params.get('order') ?? (sort === 'status' ? 'asc' : 'desc');
    return html`<div class="bar">
      <div class="search">
        <label for="inbox-q">${this.ct('searchLabel')}</label>
        <input
          id="inbox-q"
          type="search"
          placeholder=${this.ct('searchHint')}
          .value=${this.params.get('q') ?? ''}
          @input=${this.handleSearchInput}
          @keydown=${this.handleSearchKey}
        />
      </div>
      <div>
        <label for="inbox-sort">${this.ct('sortBy')}</label>
        <select id="inbox-sort" @change=${(e: Event) => this.setParams({ sort: (e.target as HTMLSelectElement).value, order: null })}>
          ${SORTS.map((s) => html`<option value=${s} ?selected=${s === sort}>${this.ct(`sort.${s}` as ConsoleKey)}</option>`)}
        </select>
      </div>
      <div>
        <label for="inbox-order">${this.ct('order')}</label>
        <select id="inbox-order" @change=${(e: Event) => this.setParams({ order: (e.target as HTMLSelectElement).value })}>
          ${(['desc', 'asc'] as const).map((o) => html`<option value=${o} ?selected=${o === order}>${this.ct(`order.${o}`)}</option>`)}
        </select>
      </div>
    </div>`;
  }

  private renderRow(ticket: InboxTicket, index: number) {
    const classes = [index === this.selected ? 'selected' : '', this.fresh.has(ticket.id) ? 'fresh' : ''].join(' ');
    return html`<li class=${classes}>
      <a class="ticket" href=${`${CONSOLE_BASE}/tickets/${encodeURIComponent(ticket.id)}`} @focus=${() => (this.selected = index)}>
        <span class="num">#${ticket.number}</span>
        <span class="title text">${inert(ticket.title)}</span>
        <span class="badges">${this.statusBadge(ticket.status)} ${this.priorityLabel(ticket.priority)}</span>
        <span class="meta">
          <span>${this.ct('requestedBy', { name: inert(ticket.requester.name) })}${ticket.organization ? ` · ${inert(ticket.organization.name)}` : ''}</span>
          <span>${ticket.assignee ? this.ct('assignedTo', { name: inert(ticket.assignee.name) }) : this.ct('notAssigned')}</span>
          <span>${this.ct('updatedAt', { date: this.date(ticket.updatedAt, true) })}</span>
          <span>${inert(ticket.type.name)}</span>
          ${ticket.kind === 'task' && ticket.type.key !== 'task' ? html`<span class="tag">${this.ct('taskLabel')}</span>` : nothing}
          ${ticket.private ? html`<span class="tag">${this.ct('privateLabel')}</span>` : nothing}
        </span>
      </a>
    </li>`;
  }

  private renderList() {
    if (this.loading && this.items.length === 0)
      return html`<p class="state muted" role="status">${this.ct('loadingTickets')}</p>`;
    if (this.error && this.items.length === 0) {
      return html`<div class="state" role="alert">
        <p class="error">${this.error}</p>
        <button type="button" @click=${() => this.load()}>${this.ct('retry')}</button>
      </div>`;
    }
    if (this.items.length === 0) {
      const filtered = this.activeFilters() > 0 || !!this.params.get('q');
      if (!filtered) return html`<p class="state muted">${this.ct('emptyView')}</p>`;
      return html`<div class="state">
        <p class="muted">${this.ct('emptyFiltered')}</p>
        <button type="button" @click=${this.clearAll}>${this.ct('clearAll')}</button>
      </div>`;
    }
    const view = this.ct(`view.${this.view}` as ConsoleKey);
    const total = this.counts?.[this.view] ?? this.items.length;
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <ul class="list ruled" aria-label=${this.ct('listLabel', { view, count: total })} aria-busy=${this.loading ? 'true' : 'false'}>
        ${this.items.map((t, i) => this.renderRow(t, i))}
      </ul>
      ${
        this.nextCursor
          ? html`<p class="more"><button type="button" ?disabled=${this.loadingMore} @click=${this.loadMore}>${this.ct('loadMore')}</button></p>`
          : nothing
      }`;
  }

  override render() {
    return html`<div class="top">
        <h2>${this.ct('inboxTitle')}</h2>
        <p class="hint muted" aria-hidden="true">${this.ct('shortcutsHint')}</p>
      </div>
      ${this.renderViews()} ${this.renderBar()} ${this.renderFilters()} ${this.renderList()}
      <p class="sr-only" role="status" aria-live="polite">${this.liveNote}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-inbox': TpConsoleInbox;
  }
}
