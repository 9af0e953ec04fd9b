import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { passkeysSupported } from '../api/webauthn.js';
import { LOCALES, type Locale } from '../i18n/strings.js';
import { icon } from '../shared/icons.js';
import { TpElement, inert } from '../shared/tp-element.js';

/**
 * The customer's account: name, interface language, passkeys (full screen
 * only: their relying party is the server's origin), sign out (here or everywhere).
 *
 * @summary Account settings.
 */
export class TpAccount extends TpElement {
  // A readable form width on wide screens; the back button as on the ticket pages; sign out apart from the settings.
  static override styles = [
    ...TpElement.styles,
    css`
      :host {
        display: block;
        max-width: 560px;
      }
      .back {
        background: none;
        padding: 4px 8px 4px 0;
        font-weight: 600;
      }
      .sign-out {
        margin-top: 24px;
        padding-top: 16px;
        border-top: 1px solid var(--tp-border);
      }
    `,
  ];
  @state() private message = '';
  @state() private error = '';

  private async handleSave(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const locale = (form.elements.namedItem('locale') as HTMLSelectElement).value;
    this.message = '';
    this.error = '';
    try {
      const user = await this.client.updateMe({ name, locale });
      this.client.onSession(user);
      this.message = this.t('saved');
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private async handleSignOut(everywhere: boolean): Promise<void> {
    await this.client.logout(everywhere).catch(() => undefined);
  }

  override render() {
    const user = this.session.user;
    return html`<button class="back" @click=${() => this.go({ name: 'list' })}>${icon('back')}${this.t('back')}</button>
      <h2>${this.t('account')}</h2>
      ${user ? html`<p class="muted">${this.t('signedInAs', { email: inert(user.email) })}</p>` : nothing}
      <form @submit=${this.handleSave}>
        <label for="name">${this.t('name')}</label>
        <input id="name" name="name" maxlength="120" autocomplete="name" .value=${user?.name ?? ''} />
        <label for="locale">${this.t('language')}</label>
        <select id="locale" name="locale">
          ${(Object.keys(LOCALES) as Locale[]).map(
            (l) => html`<option value=${l} lang=${l} ?selected=${l === this.session.locale}>${LOCALES[l]}</option>`,
          )}
        </select>
        <p role="status">${this.message}</p>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <button class="primary">${this.t('save')}</button>
      </form>
      ${this.api?.cookie && passkeysSupported() ? html`<tp-passkeys></tp-passkeys>` : nothing}
      <div class="row sign-out">
        <button @click=${() => this.handleSignOut(false)}>${this.t('signOut')}</button>
        <button @click=${() => this.handleSignOut(true)}>${this.t('signOutEverywhere')}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-account': TpAccount;
  }
}
