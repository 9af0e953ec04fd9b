import { html, nothing, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { ApiError } from '../../../api/client.js';
import { inert } from '../../../shared/tp-element.js';
import { pathOf } from '../../router.js';
import type { AdminPortal } from '../settings-api.js';
import { SettingsElement } from '../settings-element.js';
import { allPages, createPortal, deletePortal, SLUG, slugFrom } from './settings-portals-api.js';
import formStyles from './settings-form.styles.js';
import styles from './settings-portals.styles.js';
import { portalsText, type PortalsKey } from './settings-portals-strings.js';

type Kind = AdminPortal['config']['kind'];

/**
 * The portals ("customer apps"): every portal with its kind and state,
 * linking to its settings; create one (the slug suggested from the name until
 * the admin types one), enable or disable it, delete it after a confirmation
 * that says what goes and what stays (what DELETE /admin/portals/{slug} does).
 *
 * @summary The portals list.
 */
export class TpSettingsPortals extends SettingsElement {
  static override styles = [...SettingsElement.styles, formStyles, styles];

  @state() private portals: AdminPortal[] | null = null;
  @state() private loadError = '';
  @state() private name = '';
  @state() private slug = '';
  /** Whether the admin typed the slug (then it no longer follows the name). */
  @state() private slugTyped = false;
  @state() private kind: Kind = 'ticket';
  @state() private createError: { field: 'name' | 'slug' | null; text: string } | null = null;
  @state() private busy = false;
  /** What the last action did, announced politely. */
  @state() private notice = '';
  @state() private actionError = '';
  @state() private confirming: AdminPortal | null = null;

  @query('dialog') private dialog?: HTMLDialogElement;

  private p(key: PortalsKey, params?: Record<string, string | number>): string {
    return portalsText(this.session.locale, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.api) return;
    this.loadError = '';
    try {
      this.portals = await allPages<AdminPortal>(this.api, '/admin/portals');
    } catch (err) {
      this.loadError = this.consoleFailure(err);
    }
  }

  private handleName(e: Event): void {
    this.name = (e.target as HTMLInputElement).value;
    if (!this.slugTyped) this.slug = slugFrom(this.name);
  }

  private handleSlug(e: Event): void {
    this.slug = (e.target as HTMLInputElement).value;
    this.slugTyped = this.slug !== '';
    if (this.createError?.field === 'slug') this.createError = null;
  }

  private async handleCreate(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const name = this.name.trim();
    const slug = this.slug.trim();
    this.notice = '';
    if (!SLUG.test(slug)) {
      this.createError = { field: 'slug', text: this.p('slugInvalid') };
      this.renderRoot.querySelector<HTMLInputElement>('#new-slug')?.focus();
      return;
    }
    if (!this.api) return;
    this.busy = true;
    this.createError = null;
    try {
      const portal = await createPortal(this.api, slug, { name, kind: this.kind });
      this.portals = [...(this.portals ?? []), portal].sort((a, b) => (a.slug < b.slug ? -1 : 1));
      this.notice = this.p('created', { name: portal.config.name });
      this.name = this.slug = '';
      this.slugTyped = false;
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      const which = field === 'slug' ? 'slug' : field === 'config.name' ? 'name' : null;
      const text = this.consoleFailure(err);
      this.createError = { field: which, text: which ? `${this.p(which)}: ${text}` : text };
    } finally {
      this.busy = false;
    }
  }

  /** Replaces `portal` in the list by what the server answered. */
  private put(portal: AdminPortal): void {
    this.portals = (this.portals ?? []).map((p) => (p.id === portal.id ? portal : p));
  }

  private async toggle(portal: AdminPortal): Promise<void> {
    const api = this.settingsApi;
    if (!api) return;
    const enabled = !portal.config.enabled;
    this.actionError = this.notice = '';
    try {
      this.put(await api.updatePortal(portal.slug, { enabled }));
      this.notice = this.p(enabled ? 'enabled' : 'disabled', { name: portal.config.name });
    } catch (err) {
      this.actionError = this.consoleFailure(err);
    }
  }

  private async confirmDelete(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const portal = this.confirming;
    if (!portal || !this.api) return;
    this.busy = true;
    this.actionError = this.notice = '';
    try {
      await deletePortal(this.api, portal.slug);
      this.portals = (this.portals ?? []).filter((p) => p.id !== portal.id);
      this.notice = this.p('deleted', { name: portal.config.name });
      this.dialog?.close();
    } catch (err) {
      this.actionError = this.consoleFailure(err);
      this.dialog?.close();
    } finally {
      this.busy = false;
    }
  }

  private async askDelete(portal: AdminPortal): Promise<void> {
    this.confirming = portal;
    await this.updateComplete;
    this.dialog?.showModal();
  }

  private renderRow(portal: AdminPortal) {
    const { config } = portal;
    const name = inert(config.name);
    return html`<tr>
      <td>
        <a href=${pathOf({ name: 'portal-settings', slug: portal.slug, tab: 'access' })}>${name}</a>
      </td>
      <td><code>${portal.slug}</code></td>
      <td>${this.st(`kind.${config.kind}`)}</td>
      <td>
        <span class="tag ${config.enabled ? '' : 'off'}"
          >${this.st(config.enabled ? 'state.enabled' : 'state.disabled')}</span
        >
      </td>
      <td class="actions">
        <button aria-label=${this.p(config.enabled ? 'disable' : 'enable', { name: config.name })} @click=${() => this.toggle(portal)}>
          ${this.p(config.enabled ? 'disableShort' : 'enableShort')}
        </button>
        <button class="link" aria-label=${this.p('remove', { name: config.name })} @click=${() => this.askDelete(portal)}>
          ${this.p('removeShort')}
        </button>
      </td>
    </tr>`;
  }

  private renderList() {
    if (this.loadError)
      return html`<p class="error" role="alert">${this.loadError}</p>
        <button @click=${() => this.load()}>${this.st('retry')}</button>`;
    const portals = this.portals;
    if (!portals) return html`<p role="status">${this.p('loading')}</p>`;
    if (portals.length === 0) return html`<p class="empty">${this.p('empty')}</p>`;
    return html`<table>
      <thead>
        <tr>
          <th scope="col">${this.p('name')}</th>
          <th scope="col">${this.p('slug')}</th>
          <th scope="col">${this.p('kind')}</th>
          <th scope="col">${this.p('state')}</th>
          <th scope="col"><span class="sr-only">${this.p('actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${portals.map((p) => this.renderRow(p))}
      </tbody>
    </table>`;
  }

  private renderCreate() {
    const error = this.createError;
    const invalid = (field: 'name' | 'slug') => (error?.field === field ? 'true' : 'false');
    return html`<form class="create" @submit=${this.handleCreate} aria-labelledby="create-h">
      <h3 id="create-h">${this.p('create')}</h3>
      <div class="fields">
        <div>
          <label for="new-name">${this.p('name')}</label>
          <input
            id="new-name"
            required
            maxlength="120"
            .value=${this.name}
            aria-invalid=${invalid('name')}
            aria-describedby=${error?.field === 'name' ? 'create-error' : nothing}
            @input=${this.handleName}
          />
        </div>
        <div>
          <label for="new-slug">${this.p('slug')}</label>
          <input
            id="new-slug"
            required
            maxlength="64"
            spellcheck="false"
            autocapitalize="off"
            .value=${this.slug}
            aria-invalid=${invalid('slug')}
            aria-describedby=${error?.field === 'slug' ? 'create-error slug-hint' : 'slug-hint'}
            @input=${this.handleSlug}
          />
        </div>
      </div>
      <p class="hint" id="slug-hint">${this.p('slugHint')}</p>
      <fieldset class="kinds">
        <legend>${this.p('kind')}</legend>
        ${(['ticket', 'task'] as const).map(
          (kind) =>
            html`<label class="check"
              ><input
                type="radio"
                name="kind"
                .checked=${this.kind === kind}
                @change=${() => (this.kind = kind)}
              />${this.st(`kind.${kind}`)}</label
            >`,
        )}
      </fieldset>
      ${error ? html`<p class="error" id="create-error" role="alert">${error.text}</p>` : nothing}
      <button class="primary" ?disabled=${this.busy}>${this.p('createButton')}</button>
    </form>`;
  }

  private renderDialog() {
    const portal = this.confirming;
    return html`<dialog aria-labelledby="confirm-h" @close=${() => (this.confirming = null)}>
      ${
        portal
          ? html`<form @submit=${this.confirmDelete}>
            <h3 id="confirm-h">${this.p('confirmTitle', { name: portal.config.name })}</h3>
            <p>${this.p('confirmGoes')}</p>
            <p>${this.p('confirmStays')}</p>
            <p>${this.p('confirmAgain', { slug: portal.slug })}</p>
            <div class="save">
              <button class="danger" ?disabled=${this.busy}>${this.p('confirmDelete')}</button>
              <button type="button" autofocus @click=${() => this.dialog?.close()}>${this.p('cancel')}</button>
            </div>
          </form>`
          : nothing
      }
    </dialog>`;
  }

  override render() {
    return html`<h2>${this.st('page.portals')}</h2>
      <p class="hint">${this.p('intro')}</p>
      <p class="muted" role="status">${this.notice}</p>
      ${this.actionError ? html`<p class="error" role="alert">${this.actionError}</p>` : nothing}
      ${this.renderList()} ${this.renderCreate()} ${this.renderDialog()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-settings-portals': TpSettingsPortals;
  }
}
