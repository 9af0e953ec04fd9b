import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import type { AdminOrganization, AdminUser, ConsoleApi } from '../console-api.js';
import type { ConsoleKey } from '../strings.js';
import styles from './console-people.styles.js';
import { PeopleRecordElement, personItem } from './people-record.js';

/**
 * One organization: its members, its latest tickets and a link to all of them
 * in the inbox. Admins rename it here; agents read.
 *
 * @summary An organization's page in the console.
 */
export class TpConsoleOrganization extends PeopleRecordElement {
  static override styles = [...PeopleRecordElement.styles, styles];

  @state() private organization: AdminOrganization | null = null;
  @state() private members: AdminUser[] = [];

  /** The organization's id. */
  @property({ attribute: 'organization-id' }) organizationId = '';

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('organizationId') || changed.has('api')) && this.api && this.organizationId) void this.load();
  }

  protected override forget(): void {
    this.organization = null;
  }

  protected override async fetchRecord(api: ConsoleApi): Promise<void> {
    const [organization, members, tickets] = await Promise.all([
      api.organization(this.organizationId),
      api.users({ organizationId: this.organizationId, limit: '100' }),
      api.tickets({ organizationId: this.organizationId, sort: 'updated', limit: '10' }),
    ]);
    this.organization = organization;
    this.members = members.items;
    this.tickets = tickets.items;
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const org = this.organization;
    if (!org) return;
    const name = String(new FormData(e.target as HTMLFormElement).get('name') ?? '').trim();
    await this.save(async (api) => {
      this.organization = await api.updateOrganization(org.id, { name });
    });
  }

  override render() {
    return this.frame(
      this.organization,
      (org) => html`<h2>${inert(org.name)}</h2>
      ${org.domain ? html`<dl class="facts"><dt>${this.ct('domain')}</dt><dd>${org.domain}</dd></dl>` : nothing}
      ${
        this.isAdmin
          ? html`<form class="edit" @submit=${this.handleSubmit} aria-labelledby="edit-h">
            <h3 id="edit-h">${this.ct('editOrganization')}</h3>
            <label for="o-name">${this.ct('name')}</label>
            <input id="o-name" name="name" required maxlength="200" .value=${org.name} />
            ${this.saveActions()}
          </form>`
          : html`<p class="muted">${this.ct('readOnly')}</p>`
      }
      <div class="columns">
        <section>${this.latestTickets({ organizationId: org.id }, 'seeOrgTickets')}</section>
        <section>
          <h3 id="members-h">${this.ct('members')}</h3>
          ${
            this.members.length
              ? html`<ul class="items ruled" aria-labelledby="members-h">
                ${this.members.map((m) => personItem(m, this.ct(`role.${m.role}` as ConsoleKey)))}
              </ul>`
              : html`<p class="muted">${this.ct('noMembers')}</p>`
          }
        </section>
      </div>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-organization': TpConsoleOrganization;
  }
}
