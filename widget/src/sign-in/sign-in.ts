import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { passkeysSupported } from '../api/webauthn.js';
import { icon } from '../shared/icons.js';
import { portalLogo } from '../shared/logo.js';
import { TpElement } from '../shared/tp-element.js';
import styles from './sign-in.styles.js';

/** How long an emailed sign-in code lives on the server. */
const CODE_MINUTES = 10;

/**
 * Email-code sign-in: the customer gives their email, receives a 6-digit code
 * and types it here. In the full-screen portal (the server's own origin, the
 * passkeys' relying party) a passkey alone also signs in. The session then
 * reaches every view through context.
 *
 * @summary Sign in with an emailed code or a passkey.
 */
export class TpSignIn extends TpElement {
  static override styles = [...TpElement.styles, styles];

  @query('input') private input?: HTMLInputElement;

  @state() private step: 'email' | 'code' = 'email';
  @state() private email = '';
  @state() private busy = false;
  @state() private error = '';
  /** When the code sent expires (the server keeps sign-in codes 10 minutes). */
  @state() private expires = 0;

  private async handleEmail(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const email = this.input?.value.trim() ?? '';
    this.busy = true;
    this.error = '';
    try {
      await this.client.startEmail(email);
      this.email = email;
      this.expires = Date.now() + CODE_MINUTES * 60_000;
      this.step = 'code';
      await this.updateComplete;
      this.input?.focus();
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  private async handleCode(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const code = (this.input?.value ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) {
      this.error = this.t('codeInvalid');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await this.client.verifyEmail(this.email, code);
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  private async handlePasskey(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.client.passkeySignIn();
    } catch (err) {
      this.error = this.passkeyFailure(err);
    } finally {
      this.busy = false;
    }
  }

  private handleRestart(): void {
    this.step = 'email';
    this.error = '';
  }

  /** The portal's logo and name above the form: whom the customer signs in to. */
  private renderBrand() {
    const logo = this.portal?.branding;
    return html`<div class="brand">
      ${logo?.light.logoUrl ? portalLogo(logo) : html`<span class="mark">${icon('account')}</span>`}
      <p class="muted">${this.t('signInTo', { name: this.portal?.name ?? '' })}</p>
    </div>`;
  }

  override render() {
    return html`<div class="card">${this.renderBrand()}${this.renderStep()}</div>`;
  }

  private renderStep() {
    const error = this.error ? html`<p class="error" role="alert" id="err">${this.error}</p>` : nothing;
    const described = this.error ? 'err' : nothing;
    if (this.step === 'code') {
      const time = new Intl.DateTimeFormat(this.session.locale, { timeStyle: 'short' }).format(this.expires);
      return html`<h2>${this.t('signInTitle')}</h2>
        <p id="sent">${this.t('codeSent', { email: this.email })} <strong>${this.t('codeExpires', { time })}</strong></p>
        <form @submit=${this.handleCode} novalidate>
          <label for="code">${this.t('code')}</label>
          <input
            id="code"
            name="code"
            class="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength="6"
            required
            aria-describedby=${this.error ? 'err sent' : 'sent'}
          />
          ${error}
          <div class="row">
            <button class="primary" ?disabled=${this.busy}>${this.t('signIn')}</button>
            <button type="button" class="link" @click=${this.handleRestart}>${this.t('otherEmail')}</button>
          </div>
        </form>`;
    }
    return html`<h2>${this.t('signInTitle')}</h2>
      <p>${this.t('signInIntro')}</p>
      <form @submit=${this.handleEmail}>
        <label for="email">${this.t('email')}</label>
        <input id="email" name="email" type="email" autocomplete="email" required .value=${this.email} aria-describedby=${described} />
        ${error}
        <button class="primary wide" ?disabled=${this.busy}>${this.t('sendCode')}</button>
      </form>
      ${
        this.api?.cookie && passkeysSupported()
          ? html`<p class="muted or">${this.t('or')}</p>
            <button class="wide" ?disabled=${this.busy} @click=${this.handlePasskey}>${this.t('passkeySignIn')}</button>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-sign-in': TpSignIn;
  }
}
