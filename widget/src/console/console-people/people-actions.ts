import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import { AdminElement } from '../admin-kit/admin-kit.js';
import type { AdminOrganization, AdminUser } from '../console-api.js';
import { TpConsoleLocationEvent } from '../router.js';
import { peopleAdminApi } from './people-admin-api.js';
import { peopleAdminText, type PeopleAdminKey } from './people-admin-strings.js';

const ROLES = ['customer', 'agent', 'admin'] as const;

/**
 * The admins' buttons above the people list: invite someone by email (a
 * dialog: email, name, role, organization, and for a customer the portal
 * whose link they get) and create an organization. Each opens the new
 * record's page once created.
 *
 * @summary Invite people and create organizations.
 * @fires tp-console-location - To the new person's or organization's page.
 */
export class TpPeopleActions extends AdminElement {
  static override styles = [
    ...AdminElement.styles,
    css`
      :host {
        margin-bottom: 12px;
      }
      dialog {
        width: min(480px, calc(100vw - 32px));
        border: 1px solid var(--tp-border);
        border-radius: var(--tp-radius);
        background: var(--tp-body);
        color: var(--tp-text);
        padding: 16px 20px;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
    `,
  ];

  @state() private open: 'invite' | 'organization' | null = null;
  @state() private inviteRole: AdminUser['role'] = 'customer';
  @state() private organizations: AdminOrganization[] = [];
  @state() private portals: { slug: string; name: string }[] = [];
  @state() private error = '';
  @state() private busy = false;
  @query('dialog') private dialog?: HTMLDialogElement;

  private pa(key: PeopleAdminKey): string {
    return peopleAdminText(this.session.locale, key);
  }

  private async show(which: 'invite' | 'organization'): Promise<void> {
    this.open = which;
    this.error = '';
    this.inviteRole = 'customer';
    await this.updateComplete;
    this.dialog?.showModal();
    const api = this.consoleApi;
    if (which === 'invite' && api) {
      // The menus fill in as the lists arrive; a failure leaves them with "no organization" and no portal.
      const [orgs, portals] = await Promise.all([
        api.organizations({ limit: '100' }).catch(() => ({ items: [] })),
        peopleAdminApi(api.client)
          .portals()
          .catch(() => ({ items: [] })),
      ]);
      this.organizations = orgs.items;
      this.portals = portals.items.map((p) => ({ slug: p.slug, name: p.config.name }));
    }
  }

  private close(): void {
    this.dialog?.close();
    this.open = null;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const api = this.api;
    if (!api) return;
    const data = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const calls = peopleAdminApi(api);
    this.busy = true;
    this.error = '';
    try {
      if (this.open === 'invite') {
        const user = await calls.invite({
          email: text('email'),
          ...(text('name') && { name: text('name') }),
          role: this.inviteRole,
          organizationId: text('organizationId') || null,
          ...(this.inviteRole === 'customer' && text('portal') && { portal: text('portal') }),
        });
        this.close();
        this.dispatchEvent(new TpConsoleLocationEvent({ name: 'person', id: user.id }));
      } else {
        const org = await calls.createOrganization({ name: text('name'), domain: text('domain') || null });
        this.close();
        this.dispatchEvent(new TpConsoleLocationEvent({ name: 'organization', id: org.id }));
      }
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  private renderInvite() {
    return html`<h2 id="dlg-h">${this.pa('inviteTitle')}</h2>
      <p class="hint">${this.pa('inviteHint')}</p>
      <label for="i-email">${this.ct('email')}</label>
      <input id="i-email" name="email" type="email" required maxlength="254" autocomplete="off" />
      <label for="i-name">${this.pa('nameOptional')}</label>
      <input id="i-name" name="name" maxlength="200" autocomplete="off" />
      <label for="i-role">${this.ct('role')}</label>
      <select id="i-role" @change=${(e: Event) => (this.inviteRole = (e.target as HTMLSelectElement).value as AdminUser['role'])}>
        ${ROLES.map((r) => html`<option value=${r} ?selected=${r === this.inviteRole}>${this.ct(`role.${r}`)}</option>`)}
      </select>
      <label for="i-org">${this.ct('organization')}</label>
      <select id="i-org" name="organizationId">
        <option value="">${this.ct('noOrganization')}</option>
        ${this.organizations.map((o) => html`<option value=${o.id}>${inert(o.name)}</option>`)}
      </select>
      ${
        this.inviteRole === 'customer'
          ? html`<label for="i-portal">${this.pa('portal')}</label>
            <select id="i-portal" name="portal" required>
              ${this.portals.map((p) => html`<option value=${p.slug}>${inert(p.name)}</option>`)}
            </select>`
          : nothing
      }`;
  }

  private renderOrganization() {
    return html`<h2 id="dlg-h">${this.pa('newOrganization')}</h2>
      <label for="o-new-name">${this.kt('name')}</label>
      <input id="o-new-name" name="name" required maxlength="200" autocomplete="off" />
      <label for="o-domain">${this.pa('domain')}</label>
      <input id="o-domain" name="domain" maxlength="253" autocomplete="off" aria-describedby="o-domain-hint" />
      <p class="hint" id="o-domain-hint">${this.pa('domainHint')}</p>`;
  }

  override render() {
    return html`<div class="row">
        <button type="button" class="primary" @click=${() => this.show('invite')}>${this.pa('invite')}</button>
        <button type="button" @click=${() => this.show('organization')}>${this.pa('newOrganization')}</button>
      </div>
      ${
        this.open
          ? html`<dialog aria-labelledby="dlg-h" @close=${() => (this.open = null)}>
            <form @submit=${this.submit}>
              ${this.open === 'invite' ? this.renderInvite() : this.renderOrganization()} ${this.errorLine(this.error)}
              <div class="actions">
                <button class="primary" ?disabled=${this.busy}>
                  ${this.open === 'invite' ? this.pa('sendInvite') : this.kt('create')}
                </button>
                <button type="button" @click=${this.close}>${this.kt('cancel')}</button>
              </div>
            </form>
          </dialog>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-people-actions': TpPeopleActions;
  }
}
