import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { PublicPortal } from '../../../api/types.js';
import { AA_RATIO, contrastRatio } from '../../../styles/contrast.js';
import { readableOn } from '../../../styles/tokens.js';
import { loadWidget } from '../portal-preview/load-widget.js';
import type { AdminPortal } from '../settings-api.js';
import { PortalTabElement, TpPortalChangeEvent } from '../settings-element.js';
import { removeLogo, uploadLogo, type Scheme } from './portal-appearance-api.js';
import { appearanceText, type AppearanceKey } from './portal-appearance-strings.js';
import styles from './portal-appearance.styles.js';

const SCHEMES = ['light', 'dark'] as const;
const COLORS = ['mainColor', 'mainTextColor', 'secondaryButtonColor', 'bodyColor'] as const;
type Color = (typeof COLORS)[number];
type Palette = Record<Color, string>;
/** What the form edits before it is saved: the name and the four colors of each scheme (logos save on upload). */
interface Draft {
  name: string;
  light: Palette;
  dark: Palette;
}

const HEX = /^#?([0-9a-f]{6})$/i;
/** `#rrggbb` in lower case, or null when `text` is no such color. */
const hexOf = (text: string) => {
  const m = HEX.exec(text.trim());
  return m ? `#${m[1]!.toLowerCase()}` : null;
};

function draftOf(record: AdminPortal): Draft {
  const { name, branding } = record.config;
  const palette = (s: Scheme) => Object.fromEntries(COLORS.map((c) => [c, branding[s][c].toLowerCase()])) as Palette;
  return { name, light: palette('light'), dark: palette('dark') };
}

/**
 * The text color a color's contrast is checked against: the main text on the
 * main color; on the secondary button and the body, the text the widget
 * itself picks there (readableOn). None for the main color (its text is checked).
 */
function contrastOf(p: Palette, color: Color): number | null {
  if (color === 'mainTextColor') return contrastRatio(p.mainTextColor, p.mainColor);
  if (color === 'secondaryButtonColor' || color === 'bodyColor') return contrastRatio(readableOn(p[color]), p[color]);
  return null;
}

/**
 * A portal's appearance: its name, a logo per color scheme (uploaded and
 * removed at once), the four colors of each scheme with a picker and a hex
 * field in step and a warning where text would fail WCAG AA, and a live
 * preview: the real <tickets-portal>, light and dark side by side, over a
 * sample list, showing the unsaved form on every keystroke. Save sends the
 * name and the colors in one PATCH; Discard goes back to the saved ones.
 *
 * @summary A portal's name, logos and colors, with a live preview.
 */
export class TpPortalAppearance extends PortalTabElement {
  static override styles = [...PortalTabElement.styles, styles];

  /** The form as edited (valid colors only; the hex fields' text is in `texts`). */
  @state() private draft?: Draft;
  /** Each hex field's text, as typed (`light.mainColor` …): it may be no color yet. */
  @state() private texts: Record<string, string> = {};
  @state() private logoBusy: Partial<Record<Scheme, boolean>> = {};
  @state() private logoError: Partial<Record<Scheme, string>> = {};
  @state() private logoDone: Partial<Record<Scheme, AppearanceKey>> = {};
  @state() private dropping: Scheme | null = null;
  @state() private widget: 'loading' | 'ready' | 'failed' = 'loading';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadPreview();
  }

  protected override willUpdate(changed: PropertyValues): void {
    // A new portal, or the one just saved: the form starts from it. A logo saved meanwhile keeps unsaved colors.
    if (changed.has('record') && this.record) {
      const old = changed.get('record') as AdminPortal | undefined;
      if (!this.draft || old?.slug !== this.record.slug || !this.dirty(old)) this.reset();
    }
  }

  private async loadPreview(): Promise<void> {
    this.widget = 'loading';
    try {
      await loadWidget(this.api?.base ?? location.origin);
      this.widget = 'ready';
    } catch {
      this.widget = 'failed';
    }
  }

  private at(key: AppearanceKey, params?: Record<string, string | number>): string {
    return appearanceText(this.session.locale, key, params);
  }

  private discard = (): void => {
    this.saved = false;
    this.reset();
  };

  private reset(): void {
    if (!this.record) return;
    this.draft = draftOf(this.record);
    this.texts = {};
    for (const s of SCHEMES) for (const c of COLORS) this.texts[`${s}.${c}`] = this.draft[s][c];
  }

  /** Whether the form differs from `record` (the saved portal; by default the current one). */
  private dirty(record = this.record): boolean {
    if (!record || !this.draft) return false;
    const saved = draftOf(record);
    return (
      saved.name !== this.draft.name ||
      SCHEMES.some((s) => COLORS.some((c) => saved[s][c] !== this.draft![s][c])) ||
      this.invalid
    );
  }

  private get invalid(): boolean {
    return Object.values(this.texts).some((v) => hexOf(v) === null);
  }

  /** A color picked or typed: its hex field shows `text`; the form (and the preview) takes it once it is a color. */
  private setColor(scheme: Scheme, color: Color, text: string): void {
    if (!this.draft) return;
    this.saved = false;
    this.texts = { ...this.texts, [`${scheme}.${color}`]: text };
    const hex = hexOf(text);
    if (hex) this.draft = { ...this.draft, [scheme]: { ...this.draft[scheme], [color]: hex } };
  }

  private async handleSave(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const draft = this.draft;
    if (!draft || this.invalid || this.saving) return;
    await this.save({ name: draft.name, branding: { light: { ...draft.light }, dark: { ...draft.dark } } });
  }

  /** Uploads (`file`) or removes (null) the logo of `scheme`; the portal the server answers is announced. */
  private async changeLogo(scheme: Scheme, file: File | null): Promise<void> {
    const client = this.api;
    const slug = this.record?.slug;
    if (!client || !slug || this.logoBusy[scheme]) return;
    this.logoBusy = { ...this.logoBusy, [scheme]: true };
    this.logoError = { ...this.logoError, [scheme]: '' };
    this.logoDone = { ...this.logoDone, [scheme]: undefined };
    try {
      const record = file ? await uploadLogo(client, slug, scheme, file) : await removeLogo(client, slug, scheme);
      this.dispatchEvent(new TpPortalChangeEvent(record));
      this.logoDone = { ...this.logoDone, [scheme]: file ? 'logoSaved' : 'logoRemoved' };
    } catch (err) {
      this.logoError = { ...this.logoError, [scheme]: this.consoleFailure(err) };
    } finally {
      this.logoBusy = { ...this.logoBusy, [scheme]: false };
    }
  }

  private handlePick(scheme: Scheme, e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.changeLogo(scheme, file);
  }

  private handleDrag(scheme: Scheme, e: DragEvent): void {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this.dropping = e.type === 'dragleave' ? null : scheme;
  }

  private handleDrop(scheme: Scheme, e: DragEvent): void {
    e.preventDefault();
    this.dropping = null;
    const file = e.dataTransfer?.files[0];
    if (file) void this.changeLogo(scheme, file);
  }

  /** The configuration the preview of `scheme` shows: the saved portal under the form's name and colors. */
  private sample(record: AdminPortal, draft: Draft, scheme: Scheme): PublicPortal {
    const c = record.config;
    // The widget shows the light logo in dark mode when there is no dark one.
    const logoUrl = c.branding[scheme].logoUrl ?? c.branding.light.logoUrl;
    // One palette for both schemes: each preview shows its scheme whatever the console's.
    const palette = { ...draft[scheme], logoUrl };
    return {
      slug: record.slug,
      name: draft.name,
      kind: c.kind,
      branding: { light: palette, dark: palette },
      views: c.views,
      detailProperties: c.detailProperties,
      types: [],
      customFields: [],
      priorities: c.priorities,
      customerSetsPriority: c.customerSetsPriority,
      timesheets: c.timesheets,
      selfSignUp: c.selfSignUp,
      satisfaction: c.satisfaction,
      maxUploadBytes: 0,
    };
  }

  private renderLogo(record: AdminPortal, scheme: Scheme) {
    const url = record.config.branding[scheme].logoUrl;
    const id = `logo-${scheme}`;
    const busy = this.logoBusy[scheme];
    const error = this.logoError[scheme];
    const done = this.logoDone[scheme];
    return html`<div
      class="logo ${this.dropping === scheme ? 'dropping' : ''}"
      @dragenter=${(e: DragEvent) => this.handleDrag(scheme, e)}
      @dragover=${(e: DragEvent) => this.handleDrag(scheme, e)}
      @dragleave=${(e: DragEvent) => this.handleDrag(scheme, e)}
      @drop=${(e: DragEvent) => this.handleDrop(scheme, e)}
    >
      <span class="label" id="${id}-h">${this.at('logo')}</span>
      <div class="logo-box ${scheme}">
        ${url ? html`<img src=${url} alt=${this.at('logo')} />` : html`<span class="muted">${this.at('noLogo')}</span>`}
      </div>
      <p class="muted hint" id="${id}-hint">${this.at('logoHint')}</p>
      <div class="row">
        <input
          id=${id}
          class="sr-only"
          type="file"
          accept="image/png,image/jpeg,image/svg+xml,image/webp"
          aria-describedby="${id}-hint"
          ?disabled=${busy}
          @change=${(e: Event) => this.handlePick(scheme, e)}
        />
        <label for=${id} class="button ${busy ? 'busy' : ''}">${this.at('chooseLogo')}</label>
        ${
          url
            ? html`<button type="button" ?disabled=${busy} @click=${() => this.changeLogo(scheme, null)}>
              ${this.at('removeLogo')}
            </button>`
            : nothing
        }
      </div>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <p class="muted" role="status">${busy ? this.at('uploading') : done ? this.at(done) : nothing}</p>
    </div>`;
  }

  private renderColor(draft: Draft, scheme: Scheme, color: Color) {
    const id = `${scheme}-${color}`;
    const label = this.at(`color.${color}`);
    const text = this.texts[`${scheme}.${color}`] ?? draft[scheme][color];
    const bad = hexOf(text) === null;
    const ratio = contrastOf(draft[scheme], color);
    const low = ratio !== null && ratio < AA_RATIO;
    const described = [bad ? `${id}-bad` : '', low ? `${id}-low` : ''].filter(Boolean).join(' ');
    return html`<div class="color">
      <label for=${id}>${label}</label>
      <div class="pair">
        <input
          type="color"
          aria-label=${label}
          .value=${draft[scheme][color]}
          @input=${(e: Event) => this.setColor(scheme, color, (e.target as HTMLInputElement).value)}
        />
        <input
          id=${id}
          class="hex"
          spellcheck="false"
          autocomplete="off"
          maxlength="7"
          aria-label=${this.at('hex', { label })}
          aria-invalid=${bad ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          .value=${text}
          @input=${(e: Event) => this.setColor(scheme, color, (e.target as HTMLInputElement).value)}
        />
      </div>
      ${bad ? html`<p class="error" id="${id}-bad">${this.at('badHex')}</p>` : nothing}
      ${
        low
          ? html`<p class="warning" id="${id}-low" data-contrast=${color}>
            ${this.at('lowContrast', { ratio: ratio!.toFixed(1) })}
          </p>`
          : nothing
      }
    </div>`;
  }

  /**
   * The previews are pictures of the look (the sample list leads nowhere):
   * inert, so the keyboard and screen readers skip two copies of a made-up list.
   */
  private renderPreview(record: AdminPortal, draft: Draft) {
    if (this.widget === 'failed')
      return html`<p class="error" role="alert">${this.at('previewFailed')}</p>
        <button type="button" @click=${() => this.loadPreview()}>${this.st('retry')}</button>`;
    if (this.widget === 'loading') return html`<p role="status">${this.at('previewLoading')}</p>`;
    return html`<div class="previews">
      ${SCHEMES.map(
        (scheme) => html`<figure class="preview ${scheme}">
          <figcaption>${this.at(`scheme.${scheme}`)}</figcaption>
          <tickets-portal
            inert
            mode="inline"
            data-scheme=${scheme}
            locale=${this.session.locale}
            .sample=${this.sample(record, draft, scheme)}
          ></tickets-portal>
        </figure>`,
      )}
    </div>`;
  }

  override render() {
    const { record, draft } = this;
    if (!record || !draft) return nothing;
    const dirty = this.dirty();
    return html`<h3>${this.st('tab.appearance')}</h3>
      <p class="muted">${this.at('intro')}</p>
      <div class="layout">
        <form @submit=${this.handleSave} novalidate>
          <div class="field">
            <label for="name">${this.at('name')}</label>
            <input
              id="name"
              required
              maxlength="120"
              .value=${draft.name}
              @input=${(e: Event) => {
                this.saved = false;
                this.draft = { ...draft, name: (e.target as HTMLInputElement).value };
              }}
            />
          </div>
          <div class="schemes">
            ${SCHEMES.map(
              (scheme) => html`<fieldset>
                <legend>${this.at(`scheme.${scheme}`)}</legend>
                ${this.renderLogo(record, scheme)} ${COLORS.map((color) => this.renderColor(draft, scheme, color))}
              </fieldset>`,
            )}
          </div>
          <div class="actions">
            <button class="primary" ?disabled=${!dirty || this.saving}>${this.at('save')}</button>
            <button type="button" ?disabled=${!dirty || this.saving} @click=${this.discard}>
              ${this.at('discard')}
            </button>
          </div>
          ${this.invalid ? html`<p class="error" role="alert">${this.at('fixColors')}</p>` : nothing}
          ${this.renderSaveState()}
        </form>
        <section class="live" aria-labelledby="preview-h">
          <h3 id="preview-h">${this.at('preview')}</h3>
          <p class="muted">${this.at('previewNote')}</p>
          ${this.renderPreview(record, draft)}
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-appearance': TpPortalAppearance;
  }
}
