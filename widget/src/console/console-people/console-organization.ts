import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import { ConsoleElement } from '../console-element.js';
import type { AdminOrganization, AdminUser, InboxTicket } from '../console-api.js';
import { CONSOLE_BASE } from '../router.js';
import type { ConsoleKey } from '../strings.js';
import { ticketLinks } from './console-person.js';
import styles from './console-people.styles.js';

/**
 * One organization: its members, its latest tickets and a link to all of them
 * in the inbox. Admins rename it here; agents read.
 *
 * @summary An organization's page in the console.
 */
export class TpConsoleOrganization extends ConsoleElement {
  static override styles = [...ConsoleElement.styles, styles];

  @state() private organization: AdminOrganization | null = null;
  @state() private members: AdminUser[] = [];
  @state() private tickets: InboxTicket[] = [];
  @state() private error = '';
  @state() private saveError = '';
  @state() private saved = false;
  @state() private saving = false;

  /** The organization's id. */
  @property({ attribute: 'organization-id' }) organizationId = '';

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('organizationId') || changed.has('api')) && this.api && this.organizationId) void this.load();
  }

  private async load(): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    this.error = '';
    this.organization = null;
    try {
      const [organization, members, tickets] = await Promise.all([
        api.organization(this.organizationId),
        api.users({ organizationId: this.organizationId, limit: '100' }),
        api.tickets({ organizationId: this.organizationId, sort: 'updated', limit: '10' }),
      ]);
      this.organization = organization;
      this.members = members.items;
      this.tickets = tickets.items;
    } catch (err) {
      this.error = this.consoleFailure(err);
    }
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const api = this.consoleApi;
    const org = this.organization;
    if (!api || !org) return;
    const name = String(new FormData(e.target as HTMLFormElement).get('name') ?? '').trim();
    this.saving = true;
    this.saved = false;
    this.saveError = '';
    try {
      this.organization = await api.updateOrganization(org.id, { name });
      this.saved = true;
    } catch (err) {
      this.saveError = this.failure(err);
    } finally {
      this.saving = false;
    }
  }

  override render() {
    const back = html`<a class="back" href=${`${CONSOLE_BASE}/people`}>${this.ct('backToPeople')}</a>`;
    if (this.error)
      return html`${back}<div class="state" role="alert"><p class="error">${this.error}</p><button type="button" @click=${() => this.load()}>${this.ct('retry')}</button></div>`;
    const org = this.organization;
    if (!org) return html`${back}<p class="state muted" role="status">${this.ct('loadingPeople')}</p>`;
    const ticketsHref = `${CONSOLE_BASE}?${new URLSearchParams({ organizationId: org.id, view: 'all' })}`;
    return html`${back}
      <h2>${inert(org.name)}</h2>
      ${org.domain ? html`<dl class="facts"><dt>${this.ct('domain')}</dt><dd>${org.domain}</dd></dl>` : nothing}
      ${
        this.isAdmin
          ? html`<form class="edit" @submit=${this.handleSubmit} aria-labelledby="edit-h">
            <h3 id="edit-h">${this.ct('editOrganization')}</h3>
            <label for="o-name">${this.ct('name')}</label>
            <input id="o-name" name="name" required maxlength="200" .value=${org.name} />
            ${this.saveError ? html`<p class="error" role="alert">${this.saveError}</p>` : nothing}
            <div class="actions">
              <button class="primary" ?disabled=${this.saving}>${this.ct('save')}</button>
              <span role="status">${this.saved ? this.ct('saved') : ''}</span>
            </div>
          </form>`
          : html`<p class="muted">${this.ct('readOnly')}</p>`
      }
      <div class="columns">
        <section>
          <h3>${this.ct('latestTickets')}</h3>
          ${this.tickets.length ? ticketLinks(this.tickets, (s) => this.statusBadge(s)) : html`<p class="muted">${this.ct('noTickets')}</p>`}
          <p><a href=${ticketsHref}>${this.ct('seeOrgTickets')}</a></p>
        </section>
        <section>
          <h3 id="members-h">${this.ct('members')}</h3>
          ${
            this.members.length
              ? html`<ul class="items" aria-labelledby="members-h">
                ${this.members.map(
                  (m) => html`<li>
                    <a href=${`${CONSOLE_BASE}/people/${encodeURIComponent(m.id)}`}
                      ><span><span class="name">${inert(m.name)}</span><br /><span class="sub">${m.email}</span></span
                      ><span class="role">${this.ct(`role.${m.role}` as ConsoleKey)}</span></a
                    >
                  </li>`,
                )}
              </ul>`
              : html`<p class="muted">${this.ct('noMembers')}</p>`
          }
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-organization': TpConsoleOrganization;
  }
}
