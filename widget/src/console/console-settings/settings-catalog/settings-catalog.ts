import { html } from 'lit';
import { SettingsElement } from '../settings-element.js';

/**
 * Placeholder of the scaffold: the page is built by its own change (issue 11).
 *
 * @summary page.catalog
 */
export class TpSettingsCatalog extends SettingsElement {
  override render() {
    return html`<h3>${this.st('page.catalog')}</h3>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-settings-catalog': TpSettingsCatalog;
  }
}
