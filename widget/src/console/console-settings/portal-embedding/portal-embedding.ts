import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../../../api/client.js';
import { icon } from '../../../shared/icons.js';
import type { AdminPortalConfig } from '../settings-api.js';
import { PortalTabElement, TpPortalChangeEvent } from '../settings-element.js';
import formStyles from '../settings-portals/settings-form.styles.js';
import { addKey, ORIGIN, publicJwk, removeKey, type NewKey } from './portal-embedding-api.js';
import styles from './portal-embedding.styles.js';
import { embeddingText, type EmbeddingKey } from './portal-embedding-strings.js';

type Config = AdminPortalConfig;
type Draft = Pick<Config, 'allowedOrigins' | 'selfSignUp' | 'priorities' | 'customerSetsPriority' | 'timesheets'> & {
  trustEmail: boolean;
};
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/**
 * Embedding and sign-in: the script tag for this portal (with a Copy button),
 * the allowed sites, self sign-up, priorities and timesheets (saved with the
 * Save button, like every tab), and the host identity keys, which act at once:
 * generate an HS256 secret (shown once), add an ES256 public key (PEM or
 * JWK), remove one; with a token example filled in with this portal's values.
 *
 * @summary A portal's embedding and sign-in settings.
 */
export class TpPortalEmbedding extends PortalTabElement {
  static override styles = [...PortalTabElement.styles, formStyles, styles];

  @state() private draft: Draft | null = null;
  @state() private origin = '';
  @state() private originError = '';
  /** Feedback of the Copy buttons and key actions, announced politely. */
  @state() private notice = '';
  @state() private keyError = '';
  @state() private keyBusy = false;
  /** The secret the server showed once, until the admin says it is stored. */
  @state() private secret: { kid: string; secret: string } | null = null;
  @state() private removing = '';

  private e(key: EmbeddingKey, params?: Record<string, string | number>): string {
    return embeddingText(this.session.locale, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    const record = this.record;
    if (changed.has('record') && record) {
      const c = record.config;
      this.draft = {
        allowedOrigins: [...c.allowedOrigins],
        selfSignUp: c.selfSignUp,
        priorities: [...c.priorities],
        customerSetsPriority: c.customerSetsPriority,
        timesheets: c.timesheets,
        trustEmail: c.identity.trustEmail,
      };
    }
  }

  /** The server names the field (`allowedOrigins.2`, `priorities`): say it in the admin's words. */
  protected override consoleFailure(err: unknown): string {
    const text = super.consoleFailure(err);
    const field = err instanceof ApiError ? (err.field ?? '') : '';
    const label = field.startsWith('allowedOrigins')
      ? 'sites'
      : field === 'priorities'
        ? 'priorities'
        : field.startsWith('publicKeyJwk')
          ? 'publicKey'
          : field === 'kid'
            ? 'kid'
            : null;
    return label ? `${this.e(label).replace(/ ?\(.*| ?:.*/, '')}: ${text}` : text;
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    this.draft = { ...this.draft!, [key]: value };
    this.saved = false;
  }

  private addOrigin(): void {
    const origin = this.origin.trim().toLowerCase().replace(/\/$/, '');
    const list = this.draft!.allowedOrigins;
    this.originError = !ORIGIN.test(origin) ? this.e('siteInvalid') : list.includes(origin) ? this.e('siteTwice') : '';
    if (this.originError) return;
    this.set('allowedOrigins', [...list, origin]);
    this.origin = '';
  }

  private async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.notice = this.e('copied');
    } catch {
      this.notice = this.e('copyFailed');
    }
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { trustEmail, ...rest } = this.draft!;
    await this.save({ ...rest, identity: { trustEmail } });
  }

  /** Runs a key action, then reloads the portal so every tab shows its keys. */
  private async keyAction(run: (slug: string) => Promise<string>): Promise<void> {
    const api = this.settingsApi;
    const slug = this.record?.slug;
    if (!api || !slug) return;
    this.keyBusy = true;
    this.keyError = this.notice = '';
    try {
      this.notice = await run(slug);
      this.record = await api.portal(slug);
      this.dispatchEvent(new TpPortalChangeEvent(this.record));
    } catch (err) {
      this.keyError = err instanceof ApiError ? this.consoleFailure(err) : this.e('publicInvalid');
    } finally {
      this.keyBusy = false;
    }
  }

  private async handleKey(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const kid = String(data.get('kid') ?? '').trim();
    const pem = String(data.get('publicKey') ?? '').trim();
    const es = (e.submitter as HTMLButtonElement | null)?.value === 'ES256';
    await this.keyAction(async (slug) => {
      const body: NewKey = es
        ? { alg: 'ES256', publicKeyJwk: await publicJwk(pem), ...(kid && { kid }) }
        : { alg: 'HS256', ...(kid && { kid }) };
      const created = await addKey(this.api!, slug, body);
      if (created.secret) this.secret = { kid: created.kid, secret: created.secret };
      form.reset();
      return this.e('keyAdded', { kid: created.kid });
    });
  }

  private renderScript(tag: string) {
    return html`<section aria-labelledby="script-h">
      <h4 id="script-h">${this.e('script')}</h4>
      <p class="hint">${this.e('scriptHelp')}</p>
      <pre><code id="script-tag">${tag}</code></pre>
      <button type="button" aria-describedby="script-h" @click=${() => this.copy(tag)}>${this.e('copy')}</button>
    </section>`;
  }

  private renderSettings(d: Draft) {
    return html`<form @submit=${this.handleSubmit}>
      <fieldset>
        <legend>${this.e('sites')}</legend>
        <p class="hint">${this.e('sitesHelp')}</p>
        ${
          d.allowedOrigins.length
            ? html`<ul class="origins">
              ${d.allowedOrigins.map(
                (o) =>
                  html`<li>
                    <code>${o}</code
                    ><button
                      type="button"
                      class="icon-only"
                      aria-label=${this.e('removeSite', { origin: o })}
                      @click=${() =>
                        this.set(
                          'allowedOrigins',
                          d.allowedOrigins.filter((x) => x !== o),
                        )}
                    >
                      ${icon('close')}
                    </button>
                  </li>`,
              )}
            </ul>`
            : html`<p class="warning">${this.e('noSites')}</p>`
        }
        <label for="origin">${this.e('site')}</label>
        <div class="row">
          <input
            id="origin"
            inputmode="url"
            spellcheck="false"
            .value=${this.origin}
            aria-invalid=${this.originError ? 'true' : 'false'}
            aria-describedby=${this.originError ? 'origin-error' : nothing}
            @input=${(e: Event) => ((this.origin = (e.target as HTMLInputElement).value), (this.originError = ''))}
            @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.preventDefault(), this.addOrigin())}
          />
          <button type="button" @click=${this.addOrigin}>${this.e('add')}</button>
        </div>
        ${this.originError ? html`<p class="error" id="origin-error" role="alert">${this.originError}</p>` : nothing}
      </fieldset>
      <fieldset>
        <legend>${this.e('signIn')}</legend>
        ${this.check('selfSignUp', d.selfSignUp, 'selfSignUpHelp')} ${this.check('trustEmail', d.trustEmail, 'trustEmailHelp')}
      </fieldset>
      <fieldset>
        <legend>${this.e('tickets')}</legend>
        <fieldset class="inline">
          <legend>${this.e('priorities')}</legend>
          ${PRIORITIES.map(
            (p) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  .checked=${d.priorities.includes(p)}
                  @change=${(e: Event) =>
                    this.set(
                      'priorities',
                      PRIORITIES.filter((x) =>
                        x === p ? (e.target as HTMLInputElement).checked : this.draft!.priorities.includes(x),
                      ),
                    )}
                />${this.t(`priority.${p}`)}</label
              >`,
          )}
        </fieldset>
        ${this.check('customerSetsPriority', d.customerSetsPriority)} ${this.check('timesheets', d.timesheets)}
      </fieldset>
      <div class="save">
        <button class="primary" ?disabled=${this.saving}>${this.e('save')}</button>
        ${this.renderSaveState()}
      </div>
    </form>`;
  }

  private check(
    key: 'selfSignUp' | 'trustEmail' | 'customerSetsPriority' | 'timesheets',
    on: boolean,
    help?: EmbeddingKey,
  ) {
    return html`<label class="check"
      ><input type="checkbox" .checked=${on} @change=${(e: Event) => this.set(key, (e.target as HTMLInputElement).checked)} /><span
        >${this.e(key)} ${help ? html`<small>${this.e(help)}</small>` : nothing}</span
      ></label
    >`;
  }

  private renderKeys(identity: Config['identity'], slug: string, script: string) {
    const newest = identity.keys[identity.keys.length - 1];
    const alg = newest?.alg ?? 'HS256';
    const secret = this.secret;
    return html`<section aria-labelledby="keys-h">
      <h4 id="keys-h">${this.e('keys')}</h4>
      <p class="hint">${this.e('keysHelp')}</p>
      ${
        identity.keys.length
          ? html`<table>
            <thead>
              <tr>
                <th scope="col">${this.e('kid')}</th>
                <th scope="col">${this.e('alg')}</th>
                <th scope="col">${this.e('addedOn')}</th>
                <th scope="col"><span class="sr-only">${this.e('cancel')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${identity.keys.map(
                (k) =>
                  html`<tr>
                    <td><code>${k.kid}</code></td>
                    <td>${k.alg}</td>
                    <td>${this.date(k.createdAt)}</td>
                    <td class="actions">
                      ${
                        this.removing === k.kid
                          ? html`<span role="alert">${this.e('confirmRemove', { kid: k.kid })}</span>
                            <button
                              class="danger"
                              ?disabled=${this.keyBusy}
                              @click=${() =>
                                this.keyAction(async (s) => {
                                  await removeKey(this.api!, s, k.kid);
                                  this.removing = '';
                                  return this.e('keyRemoved', { kid: k.kid });
                                })}
                            >
                              ${this.e('removeKey', { kid: k.kid })}
                            </button>
                            <button @click=${() => (this.removing = '')}>${this.e('cancel')}</button>`
                          : html`<button
                            class="icon-only"
                            aria-label=${this.e('removeKey', { kid: k.kid })}
                            @click=${() => (this.removing = k.kid)}
                          >
                            ${icon('close')}
                          </button>`
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
          : html`<p>${this.e('noKeys')}</p>`
      }
      ${
        secret
          ? html`<div class="secret warning" role="alert">
            <strong>${this.e('secretTitle', { kid: secret.kid })}</strong>
            <p>${this.e('secretWarn')}</p>
            <pre><code>${secret.secret}</code></pre>
            <div class="save">
              <button type="button" @click=${() => this.copy(secret.secret)}>${this.e('copy')}</button>
              <button type="button" @click=${() => (this.secret = null)}>${this.e('stored')}</button>
            </div>
          </div>`
          : nothing
      }
      <form class="keys" @submit=${this.handleKey}>
        <label for="kid">${this.e('kidOptional')}</label>
        <input id="kid" name="kid" maxlength="100" spellcheck="false" />
        <button value="HS256" ?disabled=${this.keyBusy}>${this.e('generate')}</button>
        <label for="public-key">${this.e('publicKey')}</label>
        <textarea id="public-key" name="publicKey" spellcheck="false" rows="4"></textarea>
        <button value="ES256" ?disabled=${this.keyBusy}>${this.e('addPublic')}</button>
        ${this.keyError ? html`<p class="error" role="alert">${this.keyError}</p>` : nothing}
      </form>
      <p class="hint">${this.e('rotate')}</p>
      <h4>${this.e('example')}</h4>
      <pre><code>${tokenExample(slug, identity.audience, newest?.kid ?? 'your-key-id', alg)}</code></pre>
      <p class="hint">${this.e('exampleHelp')}</p>
      <pre><code>${script.replace(' async>', ' data-identity-token="TOKEN" async>')}</code></pre>
    </section>`;
  }

  override render() {
    const record = this.record;
    const d = this.draft;
    if (!record || !d) return nothing;
    // Exactly the README's embedding: the widget from this server, the portal by its slug.
    const script = `<script src="${location.origin}/widget/tickets-portal.js" data-portal="${record.slug}" async></script>`;
    return html`<h3>${this.st('tab.embedding')}</h3>
      <p class="sr-only" role="status">${this.notice}</p>
      ${this.renderScript(script)} ${this.renderSettings(d)} ${this.renderKeys(record.config.identity, record.slug, script)}`;
  }
}

/** A host backend's signing code (jose), with this portal's audience and key. */
function tokenExample(slug: string, audience: string | null, kid: string, alg: 'HS256' | 'ES256'): string {
  const key =
    alg === 'HS256'
      ? `new TextEncoder().encode(process.env.PORTAL_IDENTITY_SECRET)`
      : `await importPKCS8(process.env.PORTAL_IDENTITY_PRIVATE_KEY, 'ES256')`;
  // One string per line: the build drops indentation after line breaks in sources (widget/build/template-whitespace.ts).
  return [
    `import { SignJWT${alg === 'ES256' ? ', importPKCS8' : ''} } from 'jose';`,
    '',
    '// Your backend, for its signed-in customer: header {alg, kid}, claims sub, email, name, aud, iat, exp.',
    'const token = await new SignJWT({ email: user.email, name: user.name })',
    `  .setProtectedHeader({ alg: '${alg}', kid: '${kid}' })`,
    '  .setSubject(String(user.id))',
    `  .setAudience('${audience ?? slug}')`,
    '  .setIssuedAt()',
    "  .setExpirationTime('5m')",
    `  .sign(${key});`,
  ].join('\n');
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-embedding': TpPortalEmbedding;
  }
}
