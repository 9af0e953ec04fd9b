import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { inert } from '../../../shared/tp-element.js';
import type { AdminPortalConfig } from '../settings-api.js';
import { PortalTabElement } from '../settings-element.js';
import formStyles from '../settings-portals/settings-form.styles.js';
import { ticketTypes, type TicketType } from './portal-access-api.js';
import { accessText, type AccessKey } from './portal-access-strings.js';

type Rules = AdminPortalConfig['rules'];
const RULES = ['ownOrFollowed', 'organization', 'followedProjects'] as const;

/**
 * Who sees what: the portal's three visibility rules, each a checkbox with a
 * one-line explanation (a warning when none is checked: the server then
 * grants nothing), and the ticket types it shows, by name. Saved with the
 * Save button, like every tab.
 *
 * @summary A portal's visibility rules and visible types.
 */
export class TpPortalAccess extends PortalTabElement {
  static override styles = [...PortalTabElement.styles, formStyles];

  @state() private rules: Rules | null = null;
  @state() private typeIds = new Set<string>();
  @state() private types: TicketType[] | null = null;
  @state() private typesError = '';

  private a(key: AccessKey): string {
    return accessText(this.session.locale, key);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('record') && this.record) {
      this.rules = { ...this.record.config.rules };
      this.typeIds = new Set(this.record.config.visibleTypeIds);
    }
    if (changed.has('api') && this.api) void this.loadTypes();
  }

  private async loadTypes(): Promise<void> {
    if (!this.api) return;
    this.typesError = '';
    try {
      this.types = await ticketTypes(this.api);
    } catch (err) {
      this.typesError = this.consoleFailure(err);
    }
  }

  private toggleType(id: string, on: boolean): void {
    const next = new Set(this.typeIds);
    if (on) next.add(id);
    else next.delete(id);
    this.typeIds = next;
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.rules || !this.types) return;
    // In the catalog's order, as the portal lists them.
    const visibleTypeIds = this.types.filter((t) => this.typeIds.has(t.id)).map((t) => t.id);
    await this.save({ rules: this.rules, visibleTypeIds });
  }

  private renderTypes() {
    if (this.typesError)
      return html`<p class="error" role="alert">${this.typesError}</p>
        <button type="button" @click=${() => this.loadTypes()}>${this.st('retry')}</button>`;
    if (!this.types) return html`<p role="status">${this.a('loadingTypes')}</p>`;
    return html`${this.types.map(
      (t) =>
        html`<label class="check"
            ><input
              type="checkbox"
              .checked=${this.typeIds.has(t.id)}
              @change=${(e: Event) => this.toggleType(t.id, (e.target as HTMLInputElement).checked)}
            />${inert(t.name)}</label
          >`,
    )}
      ${this.typeIds.size === 0 ? html`<p class="warning" role="alert">${this.a('noType')}</p>` : nothing}`;
  }

  override render() {
    const rules = this.rules;
    if (!rules) return nothing;
    return html`<form @submit=${this.handleSubmit} @change=${() => (this.saved = false)}>
      <h3>${this.st('tab.access')}</h3>
      <fieldset>
        <legend>${this.a('rules')}</legend>
        ${RULES.map(
          (rule) =>
            html`<label class="check"
              ><input
                type="checkbox"
                aria-describedby="${rule}-help"
                .checked=${rules[rule]}
                @change=${(e: Event) => (this.rules = { ...this.rules!, [rule]: (e.target as HTMLInputElement).checked })}
              /><span
                >${this.a(`rule.${rule}`)} <small id="${rule}-help">${this.a(`rule.${rule}.help`)}</small></span
              ></label
            >`,
        )}
        <p class="hint">${this.a('autoFollow')}</p>
        ${RULES.some((r) => rules[r]) ? nothing : html`<p class="warning" role="alert">${this.a('noRule')}</p>`}
      </fieldset>
      <fieldset>
        <legend>${this.a('types')}</legend>
        <p class="hint">${this.a('typesHelp')}</p>
        ${this.renderTypes()}
      </fieldset>
      <div class="save">
        <button class="primary" ?disabled=${this.saving || !this.types}>${this.a('save')}</button>
        ${this.renderSaveState()}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-access': TpPortalAccess;
  }
}
