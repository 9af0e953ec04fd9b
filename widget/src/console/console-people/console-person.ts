import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import type { AdminOrganization, AdminUser, ConsoleApi } from '../console-api.js';
import { CONSOLE_BASE } from '../router.js';
import type { ConsoleKey } from '../strings.js';
import { confirmBox, confirmStyles } from '../admin-kit/admin-kit.js';
import { kitText } from '../admin-kit/admin-kit-strings.js';
import styles from './console-people.styles.js';
import { isActive, peopleAdminApi } from './people-admin-api.js';
import { peopleAdminText, type PeopleAdminKey } from './people-admin-strings.js';
import { PeopleRecordElement } from './people-record.js';

const ROLES = ['customer', 'agent', 'admin'] as const;

/**
 * One person: who they are, their latest tickets and a link to all of them in
 * the inbox. Admins change the name, organization and role here; agents read
 * (the API refuses them too).
 *
 * @summary A person's page in the console.
 */
export class TpConsolePerson extends PeopleRecordElement {
  static override styles = [...PeopleRecordElement.styles, styles, confirmStyles];

  @state() private person: AdminUser | null = null;
  @state() private confirming = false;
  @state() private accessError = '';
  @state() private organization: AdminOrganization | null = null;
  @state() private organizations: AdminOrganization[] = [];

  /** The person's id. */
  @property({ attribute: 'person-id' }) personId = '';

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('personId') || changed.has('api')) && this.api && this.personId) void this.load();
  }

  protected override forget(): void {
    this.person = null;
  }

  protected override async fetchRecord(api: ConsoleApi): Promise<void> {
    const [person, tickets] = await Promise.all([
      api.user(this.personId),
      api.tickets({ requesterId: this.personId, sort: 'updated', limit: '10' }),
    ]);
    this.organization = person.organizationId ? await api.organization(person.organizationId).catch(() => null) : null;
    if (this.isAdmin) this.organizations = (await api.organizations({ limit: '100' })).items;
    this.person = person;
    this.tickets = tickets.items;
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const person = this.person;
    if (!person) return;
    const form = new FormData(e.target as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const organizationId = String(form.get('organizationId') ?? '') || null;
    const role = String(form.get('role') ?? person.role) as AdminUser['role'];
    const patch = {
      ...(name !== person.name && { name }),
      ...(organizationId !== person.organizationId && { organizationId }),
      ...(role !== person.role && { role }),
    };
    await this.save(async (api) => {
      this.person = await api.updateUser(person.id, patch);
      this.organization = this.organizations.find((o) => o.id === this.person?.organizationId) ?? null;
    });
  }

  private pa(key: PeopleAdminKey, params?: Record<string, string>): string {
    return peopleAdminText(this.session.locale, key, params);
  }

  /** Deactivates (after the confirmation) or reactivates the person; the server refuses the last admin in its words. */
  private async setActive(active: boolean): Promise<void> {
    const person = this.person;
    if (!person || !this.api) return;
    this.confirming = false;
    this.accessError = '';
    try {
      this.person = await peopleAdminApi(this.api).setActive(person.id, active);
    } catch (err) {
      this.accessError = this.failure(err);
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#access button')?.focus();
  }

  /** Sign-in access: deactivate (asked first: what it does) or reactivate; not one's own. */
  private renderAccess(person: AdminUser) {
    if (person.id === this.session.user?.id) return nothing;
    const active = isActive(person);
    const name = inert(person.name);
    return html`<section class="edit" id="access" aria-labelledby="access-h">
      <h3 id="access-h">${this.pa('access')}</h3>
      <p>${this.pa(active ? 'activeText' : 'deactivatedText')}</p>
      ${
        this.confirming
          ? confirmBox(
              this.pa('confirmDeactivate', { name }),
              this.pa('deactivate'),
              kitText(this.session.locale, 'cancel'),
              () => this.setActive(false),
              () => (this.confirming = false),
            )
          : html`<button
              type="button"
              @click=${async () => {
                if (!active) return this.setActive(true);
                this.confirming = true;
                await this.updateComplete;
                this.renderRoot.querySelector<HTMLElement>('.confirm button')?.focus();
              }}
            >
              ${this.pa(active ? 'deactivate' : 'reactivate')}
            </button>`
      }
      ${this.accessError ? html`<p class="error" role="alert">${this.accessError}</p>` : nothing}
    </section>`;
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
      ${this.saveActions()}
    </form>`;
  }

  override render() {
    return this.frame(
      this.person,
      (
        person,
      ) => html`<h2>${inert(person.name)} ${isActive(person) ? nothing : html`<span class="role">${this.pa('deactivated')}</span>`}</h2>
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
        ${this.isAdmin ? html`${this.renderEdit(person)}${this.renderAccess(person)}` : html`<p class="muted">${this.ct('readOnly')}</p>`}
        ${this.latestTickets({ requesterId: person.id }, 'seeTickets')}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-person': TpConsolePerson;
  }
}
