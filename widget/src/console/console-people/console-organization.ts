import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import type { AdminOrganization, AdminUser, ConsoleApi } from '../console-api.js';
import type { ConsoleKey } from '../strings.js';
import { confirmBox, confirmStyles } from '../admin-kit/admin-kit.js';
import { kitText } from '../admin-kit/admin-kit-strings.js';
import type { TpPickEvent } from '../admin-kit/people-picker.js';
import { CONSOLE_BASE, TpConsoleLocationEvent } from '../router.js';
import styles from './console-people.styles.js';
import { peopleAdminApi } from './people-admin-api.js';
import { peopleAdminText, type PeopleAdminKey } from './people-admin-strings.js';
import { PeopleRecordElement, personItem } from './people-record.js';

/**
 * One organization: its members, its latest tickets and a link to all of them
 * in the inbox. Admins rename it here; agents read.
 *
 * @summary An organization's page in the console.
 */
export class TpConsoleOrganization extends PeopleRecordElement {
  static override styles = [
    ...PeopleRecordElement.styles,
    styles,
    confirmStyles,
    css`
      ul.members li {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      ul.members li > :first-child {
        flex: 1;
        min-width: 0;
      }
    `,
  ];

  @state() private organization: AdminOrganization | null = null;
  @state() private members: AdminUser[] = [];
  @state() private confirming = false;
  @state() private memberError = '';

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

  private pa(key: PeopleAdminKey, params?: Record<string, string>): string {
    return peopleAdminText(this.session.locale, key, params);
  }

  /** Puts a person in this organization (`join`) or in none; the list follows the server's answer. */
  private async setMember(userId: string, join: boolean): Promise<void> {
    const api = this.consoleApi;
    const org = this.organization;
    if (!api || !org) return;
    this.memberError = '';
    try {
      const user = await api.updateUser(userId, { organizationId: join ? org.id : null });
      this.members = join ? [...this.members, user] : this.members.filter((m) => m.id !== userId);
    } catch (err) {
      this.memberError = this.failure(err);
    }
  }

  private async deleteOrganization(): Promise<void> {
    const org = this.organization;
    if (!org || !this.api) return;
    this.confirming = false;
    try {
      await peopleAdminApi(this.api).deleteOrganization(org.id);
      this.dispatchEvent(new TpConsoleLocationEvent({ name: 'people' }));
    } catch (err) {
      this.saveError = this.failure(err);
    }
  }

  private renderMembers() {
    if (!this.members.length) return html`<p class="muted">${this.ct('noMembers')}</p>`;
    if (!this.isAdmin)
      return html`<ul class="items ruled" aria-labelledby="members-h">
        ${this.members.map((m) => personItem(m, this.ct(`role.${m.role}` as ConsoleKey)))}
      </ul>`;
    return html`<ul class="items ruled members" aria-labelledby="members-h">
      ${this.members.map(
        (m) => html`<li>
          <a href=${`${CONSOLE_BASE}/people/${encodeURIComponent(m.id)}`}
            ><span><span class="name">${inert(m.name)}</span><br /><span class="sub">${m.email}</span></span></a
          >
          <button type="button" @click=${() => this.setMember(m.id, false)}>
            ${this.pa('removeMember', { name: inert(m.name) })}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  private renderDelete(org: AdminOrganization) {
    return this.confirming
      ? confirmBox(
          this.pa('confirmDeleteOrg', { name: inert(org.name) }),
          this.pa('deleteOrganization'),
          kitText(this.session.locale, 'cancel'),
          () => this.deleteOrganization(),
          () => (this.confirming = false),
        )
      : html`<p>
          <button
            type="button"
            @click=${async () => {
              this.confirming = true;
              await this.updateComplete;
              this.renderRoot.querySelector<HTMLElement>('.confirm button')?.focus();
            }}
          >
            ${this.pa('deleteOrganization')}
          </button>
        </p>`;
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
          </form>
          ${this.renderDelete(org)}`
          : html`<p class="muted">${this.ct('readOnly')}</p>`
      }
      <div class="columns">
        <section>${this.latestTickets({ organizationId: org.id }, 'seeOrgTickets')}</section>
        <section>
          <h3 id="members-h">${this.ct('members')}</h3>
          ${this.renderMembers()}
          ${
            this.isAdmin
              ? html`${this.memberError ? html`<p class="error" role="alert">${this.memberError}</p>` : nothing}
                  <tp-people-picker
                    .label=${this.pa('addMember')}
                    .exclude=${this.members.map((m) => m.id)}
                    @tp-pick=${(e: TpPickEvent) => this.setMember(e.pick.id, true)}
                  ></tp-people-picker>
                  <p class="muted">${this.pa('memberMoves')}</p>`
              : nothing
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
