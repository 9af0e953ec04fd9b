import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import { ConsoleElement } from '../console-element.js';
import type { AdminUser, ConsoleApi, InboxTicket } from '../console-api.js';
import { CONSOLE_BASE } from '../router.js';
import type { ConsoleKey } from '../strings.js';

/** A short list of tickets linking to their pages, for a person's and an organization's page. */
function ticketLinks(tickets: InboxTicket[], badge: (status: string) => TemplateResult): TemplateResult {
  return html`<ul class="items ruled">
    ${tickets.map(
      (t) => html`<li>
        <a href=${`${CONSOLE_BASE}/tickets/${encodeURIComponent(t.id)}`}><span class="name">#${t.number} ${inert(t.title)}</span>${badge(t.status)}</a>
      </li>`,
    )}
  </ul>`;
}

/** A person's item in a list (the people list, an organization's members): name, email and role, linking to their page. */
export function personItem(person: AdminUser, role: string): TemplateResult {
  return html`<li>
    <a href=${`${CONSOLE_BASE}/people/${encodeURIComponent(person.id)}`}>
      <span><span class="name">${inert(person.name)}</span><br /><span class="sub">${person.email}</span></span>
      <span class="role">${role}</span>
    </a>
  </li>`;
}

/**
 * Base of a person's and an organization's page: fetching the record with its
 * latest tickets (failure with a retry, loading line), saving the admin's
 * edit (saving, saved, failure), and the latest-tickets list.
 */
export abstract class PeopleRecordElement extends ConsoleElement {
  @state() protected tickets: InboxTicket[] = [];
  @state() protected error = '';
  @state() protected saveError = '';
  @state() protected saved = false;
  @state() protected saving = false;

  /** Forgets the record shown (the page says it is loading until `fetchRecord` sets it again). */
  protected abstract forget(): void;
  /** Fetches the record and its latest tickets into the element's state; throws as the API does. */
  protected abstract fetchRecord(api: ConsoleApi): Promise<void>;

  protected async load(): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    this.error = '';
    this.forget();
    try {
      await this.fetchRecord(api);
    } catch (err) {
      this.error = this.consoleFailure(err);
    }
  }

  /** Runs the admin's edit `write`, with the saving, saved and failure states the form shows. */
  protected async save(write: (api: ConsoleApi) => Promise<void>): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    this.saving = true;
    this.saved = false;
    this.saveError = '';
    try {
      await write(api);
      this.saved = true;
    } catch (err) {
      this.saveError = this.failure(err);
    } finally {
      this.saving = false;
    }
  }

  /** The back link, then the failure with a retry, the loading line, or `page(record)`. */
  protected frame<T>(record: T | null, page: (record: T) => TemplateResult): TemplateResult {
    const back = html`<a class="back" href=${`${CONSOLE_BASE}/people`}>${this.ct('backToPeople')}</a>`;
    if (this.error)
      return html`${back}<div class="state" role="alert"><p class="error">${this.error}</p><button type="button" @click=${() => this.load()}>${this.ct('retry')}</button></div>`;
    if (!record) return html`${back}<p class="state muted" role="status">${this.ct('loadingPeople')}</p>`;
    return html`${back}${page(record)}`;
  }

  /** The edit form's failure, save button and saved status. */
  protected saveActions(): TemplateResult {
    return html`${this.saveError ? html`<p class="error" role="alert">${this.saveError}</p>` : nothing}
      <div class="actions">
        <button class="primary" ?disabled=${this.saving}>${this.ct('save')}</button>
        <span role="status">${this.saved ? this.ct('saved') : ''}</span>
      </div>`;
  }

  /** The latest tickets (or none), then a link to all of them in the inbox filtered by `filter`. */
  protected latestTickets(filter: Record<string, string>, seeAll: ConsoleKey): TemplateResult {
    const href = `${CONSOLE_BASE}?${new URLSearchParams({ ...filter, view: 'all' })}`;
    return html`<h3>${this.ct('latestTickets')}</h3>
      ${this.tickets.length ? ticketLinks(this.tickets, (s) => this.statusBadge(s)) : html`<p class="muted">${this.ct('noTickets')}</p>`}
      <p><a href=${href}>${this.ct(seeAll)}</a></p>`;
  }
}
