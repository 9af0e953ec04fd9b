import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import { ConsoleElement } from '../console-element.js';
import type { AdminOrganization, AdminUser, InboxTicket } from '../console-api.js';
import { CONSOLE_BASE } from '../router.js';
import type { ConsoleKey } from '../strings.js';
import styles from './console-people.styles.js';

const ROLES = ['customer', 'agent', 'admin'] as const;

/** A short list of tickets linking to their pages, shared by a person's and an organization's page. */
export function ticketLinks(tickets: InboxTicket[], badge: (status: string) => TemplateResult): TemplateResult {
  return html`<ul class="items">
    ${tickets.map(
      (t) => html`<li>
        <a href=${`${CONSOLE_BASE}/tickets/${encodeURIComponent(t.id)}`}><span class="name">#${t.number} ${inert(t.title)}</span>${badge(t.status)}</a>
      </li>`,
    )}
  </ul>`;
}

/**
 * One person: who they are, their latest tickets and a link to all of them in
 * the inbox. Admins change the name, organization and role here; agents read
 * (the API refuses them too).
 *
 * @summary A person's page in the console.
 */
export class TpConsolePerson extends ConsoleElement {
  static override styles = [...ConsoleElement.styles, styles];

  @state() private person: AdminUser | null = null;
  @state() private organization: AdminOrganization | null = null;
  @state() private organizations: AdminOrganization[] = [];
  @state() private tickets: InboxTicket[] = [];
  @state() private error = '';
  @state() private saveError = '';
  @state() private saved = false;
  @state() private saving = false;

  /** The person's id. */
  @property({ attribute: 'person-id' }) personId = '';

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('personId') || changed.has('api')) && this.api && this.personId) void this.load();
  }

  private async load(): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    this.error = '';
    this.person = null;
    try {
      const [person, tickets] = await Promise.all([
        api.user(this.personId),
        api.tickets({ requesterId: this.personId, sort: 'updated', limit: '10' }),
      ]);
      this.organization = person.organizationId
        ? await api.organization(person.organizationId).catch(() => null)
        : null;
      if (this.isAdmin) this.organizations = (await api.organizations({ limit: '100' })).items;
      this.person = person;
      this.tickets = tickets.items;
    } catch (err) {
      this.error = this.consoleFailure(err);
    }
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const api = this.consoleApi;
    const person = this.person;
    if (!api || !person) return;
    const form = new FormData(e.target as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const organizationId = String(form.get('organizationId') ?? '') || null;
    const role = String(form.get('role') ?? person.role) as AdminUser['role'];
    const patch = {
      ...(name !== person.name && { name }),
      ...(organizationId !== person.organizationId && { organizationId }),
      ...(role !== person.role && { role }),
    };
    this.saving = true;
    this.saved = false;
    this.saveError = '';
    try {
      this.person = await api.updateUser(person.id, patch);
      this.organization = this.organizations.find((o) => o.id === this.person?.organizationId) ?? null;
      this.saved = true;
    } catch (err) {
      this.saveError = this.failure(err);
    } finally {
      this.saving = false;
    }
  }

  private renderEdit(person: AdminUser) {
    // An organization past the first hundred still shows as chosen.
    const orgs =
      this.organization && !this.organizations.some((o) => o.id === this.organization!.id)
        ? [this.organization, ...this.organizations]
        : this.organizations;
    return html`<form class="edit" @submit=${this.handleSubmit} aria-labelledby="edit-h">
      <h3 id="edit-h">${this.ct('editPerson', { name: inert(person.name) })}</h3>
      <label for="p-name">${this.ct('name')}</label>
      <input id="p-name" name="name" required maxlength="200" .value=${person.name} />
      <label for="p-org">${this.ct('organization')}</label>
      <select id="p-org" name="organizationId">
        <option value="" ?selected=${!person.organizationId}>${this.ct('noOrganization')}</option>
        ${orgs.map((o) => html`<option value=${o.id} ?selected=${o.id === person.organizationId}>${inert(o.name)}</option>`)}
      </select>
      <label for="p-role">${this.ct('role')}</label>
      <select id="p-role" name="role" ?disabled=${person.id === this.session.user?.id}>
        ${ROLES.map((r) => html`<option value=${r} ?selected=${r === person.role}>${this.ct(`role.${r}`)}</option>`)}
      </select>
      ${this.saveError ? html`<p class="error" role="alert">${this.saveError}</p>` : nothing}
      <div class="actions">
        <button class="primary" ?disabled=${this.saving}>${this.ct('save')}</button>
        <span role="status">${this.saved ? this.ct('saved') : ''}</span>
      </div>
    </form>`;
  }

  override render() {
    const back = html`<a class="back" href=${`${CONSOLE_BASE}/people`}>${this.ct('backToPeople')}</a>`;
    if (this.error)
      return html`${back}<div class="state" role="alert"><p class="error">${this.error}</p><button type="button" @click=${() => this.load()}>${this.ct('retry')}</button></div>`;
    const person = this.person;
    if (!person) return html`${back}<p class="state muted" role="status">${this.ct('loadingPeople')}</p>`;
    const ticketsHref = `${CONSOLE_BASE}?${new URLSearchParams({ requesterId: person.id, view: 'all' })}`;
    return html`${back}
      <h2>${inert(person.name)}</h2>
      <dl class="facts">
        <dt>${this.ct('email')}</dt>
        <dd>${person.email}</dd>
        <dt>${this.ct('role')}</dt>
        <dd>${this.ct(`role.${person.role}` as ConsoleKey)}</dd>
        <dt>${this.ct('organization')}</dt>
        <dd>
          ${
            this.organization
              ? html`<a href=${`${CONSOLE_BASE}/organizations/${encodeURIComponent(this.organization.id)}`}>${inert(this.organization.name)}</a>`
              : this.ct('noOrganization')
          }
        </dd>
        <dt>${this.ct('language')}</dt>
        <dd>${person.locale === 'fr' ? 'Français' : 'English'}</dd>
      </dl>
      ${this.isAdmin ? this.renderEdit(person) : html`<p class="muted">${this.ct('readOnly')}</p>`}
      <h3>${this.ct('latestTickets')}</h3>
      ${this.tickets.length ? ticketLinks(this.tickets, (s) => this.statusBadge(s)) : html`<p class="muted">${this.ct('noTickets')}</p>`}
      <p><a href=${ticketsHref}>${this.ct('seeTickets')}</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-person': TpConsolePerson;
  }
}
