import { html } from 'lit';
import { PortalTabElement } from '../settings-element.js';

/**
 * Placeholder of the scaffold: the page is built by its own change (issue 11).
 *
 * @summary tab.preview
 */
export class TpPortalPreview extends PortalTabElement {
  override render() {
    return html`<h3>${this.st('tab.preview')}</h3>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-preview': TpPortalPreview;
  }
}
