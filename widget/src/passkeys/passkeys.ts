import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../api/client.js';
import type { Passkey } from '../api/types.js';
import { TpElement, inert } from '../shared/tp-element.js';
import styles from './passkeys.styles.js';

/**
 * The customer's passkeys in the full-screen portal: the list with rename and
 * delete, and "Add a passkey" (the server asks for a sign-in of the last ten
 * minutes first; when it does, this says so and offers to sign in again).
 *
 * @summary Manage passkeys.
 */
export class TpPasskeys extends TpElement {
  static override styles = [...TpElement.styles, styles];

  @state() private items?: Passkey[];
  /** The passkey being renamed. */
  @state() private editing = '';
  @state() private busy = false;
  @state() private message = '';
  @state() private error = '';
  /** The server wants a fresh sign-in before adding a passkey. */
  @state() private reauth = false;

  protected override updated(changed: PropertyValues): void {
    if (changed.has('api') && this.api) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.items = (await this.client.passkeys()).items;
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  /** Runs one change, showing its outcome; `focus` names what gets the focus afterwards. */
  private async act(change: () => Promise<unknown>, done: string, focus: string): Promise<void> {
    this.busy = true;
    this.message = this.error = '';
    this.reauth = false;
    try {
      await change();
      this.editing = '';
      this.message = done;
      await this.load();
    } catch (err) {
      this.reauth = err instanceof ApiError && err.code === 'recent_sign_in_required';
      this.error = this.reauth ? this.t('passkeyReauth') : this.passkeyFailure(err);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(focus)?.focus();
  }

  private handleAdd(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    return this.act(
      async () => {
        await this.client.addPasskey(input.value.trim());
        input.value = '';
      },
      this.t('passkeyAdded'),
      '#pk-add',
    );
  }

  private handleRename(e: SubmitEvent, p: Passkey): Promise<void> {
    e.preventDefault();
    const name = ((e.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement).value.trim();
    return this.act(() => this.client.renamePasskey(p.id, name), this.t('saved'), `[data-id="${p.id}"] button`);
  }

  private handleDelete(p: Passkey): Promise<void> {
    return this.act(() => this.client.deletePasskey(p.id), this.t('passkeyDeleted'), 'h3');
  }

  private handleEdit(p: Passkey | null): void {
    this.editing = p?.id ?? '';
    this.error = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(p ? '#pk-rename' : 'h3')?.focus());
  }

  private renderItem(p: Passkey) {
    const name = inert(p.name);
    if (this.editing === p.id) {
      return html`<li>
        <form @submit=${(e: SubmitEvent) => this.handleRename(e, p)}>
          <label for="pk-rename">${this.t('passkeyName')}</label>
          <input id="pk-rename" name="name" maxlength="80" required autocomplete="off" .value=${p.name} />
          <div class="row">
            <button class="primary" ?disabled=${this.busy}>${this.t('save')}</button>
            <button type="button" @click=${() => this.handleEdit(null)}>${this.t('cancel')}</button>
          </div>
        </form>
      </li>`;
    }
    return html`<li data-id=${p.id}>
      <strong>${name}</strong>
      <p class="muted">
        ${this.t('created', { date: this.date(p.createdAt) })}${p.lastUsedAt ? html` · ${this.t('lastUsed', { date: this.date(p.lastUsedAt) })}` : nothing}
      </p>
      <div class="row">
        <button ?disabled=${this.busy} @click=${() => this.handleEdit(p)}>${this.t('rename')}<span class="sr-only"> ${name}</span></button>
        <button ?disabled=${this.busy} @click=${() => this.handleDelete(p)}>${this.t('delete')}<span class="sr-only"> ${name}</span></button>
      </div>
    </li>`;
  }

  override render() {
    const items = this.items;
    return html`<h3 tabindex="-1">${this.t('passkeys')}</h3>
      <p class="muted">${this.t('passkeysIntro')}</p>
      ${
        !items
          ? html`<p role="status">${this.t('loading')}</p>`
          : items.length
            ? html`<ul>
              ${items.map((p) => this.renderItem(p))}
            </ul>`
            : html`<p class="none">${this.t('noPasskeys')}</p>`
      }
      <form @submit=${this.handleAdd}>
        <label for="pk-name">${this.t('newPasskeyName')}</label>
        <input id="pk-name" name="name" maxlength="80" autocomplete="off" />
        <p role="status">${this.message}</p>
        ${
          this.error
            ? html`<p class="error" role="alert">
              ${this.error}
              ${this.reauth ? html`<button type="button" class="link" @click=${() => this.client.logout(false).catch(() => undefined)}>${this.t('signInAgain')}</button>` : nothing}
            </p>`
            : nothing
        }
        <button id="pk-add" class="primary" ?disabled=${this.busy}>${this.t('addPasskey')}</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-passkeys': TpPasskeys;
  }
}
