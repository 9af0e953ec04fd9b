import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { AdminPortalConfig } from '../settings-api.js';
import { PortalTabElement } from '../settings-element.js';
import formStyles from '../settings-portals/settings-form.styles.js';
import { viewsText, type ViewsKey } from './portal-views-strings.js';

type Views = AdminPortalConfig['views'];
const VIEWS = ['all', 'myOpen', 'myClosed', 'followed', 'types'] as const;

/**
 * Views to display: the side panel on or off, and each of its views. With
 * the panel off the views are disabled (kept as they were) and a note says
 * why. Saved with the Save button, like every tab.
 *
 * @summary A portal's side panel and views.
 */
export class TpPortalViews extends PortalTabElement {
  static override styles = [...PortalTabElement.styles, formStyles];

  @state() private views: Views | null = null;

  private v(key: ViewsKey): string {
    return viewsText(this.session.locale, key);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('record') && this.record) this.views = { ...this.record.config.views };
  }

  private set(key: keyof Views, e: Event): void {
    this.views = { ...this.views!, [key]: (e.target as HTMLInputElement).checked };
    this.saved = false;
  }

  override render() {
    const views = this.views;
    if (!views) return nothing;
    const off = !views.sidePanel;
    return html`<form @submit=${(e: SubmitEvent) => (e.preventDefault(), void this.save({ views }))}>
      <h3>${this.st('tab.views')}</h3>
      <label class="check"
        ><input type="checkbox" aria-describedby="panel-help" .checked=${views.sidePanel} @change=${(e: Event) => this.set('sidePanel', e)} /><span
          >${this.v('sidePanel')} <small id="panel-help">${this.v('sidePanelHelp')}</small></span
        ></label
      >
      <fieldset ?disabled=${off} aria-describedby=${off ? 'off-note' : nothing}>
        <legend>${this.v('views')}</legend>
        ${off ? html`<p class="warning" id="off-note">${this.v('off')}</p>` : nothing}
        ${VIEWS.map(
          (key) =>
            html`<label class="check"
              ><input type="checkbox" .checked=${views[key]} @change=${(e: Event) => this.set(key, e)} /><span
                >${this.v(`view.${key}`)} <small>${this.v(`view.${key}.help`)}</small></span
              ></label
            >`,
        )}
      </fieldset>
      <div class="save">
        <button class="primary" ?disabled=${this.saving}>${this.v('save')}</button>
        ${this.renderSaveState()}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-views': TpPortalViews;
  }
}
