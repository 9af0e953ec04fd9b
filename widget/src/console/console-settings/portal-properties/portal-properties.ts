import { html } from 'lit';
import { PortalTabElement } from '../settings-element.js';

/**
 * Placeholder of the scaffold: the page is built by its own change (issue 11).
 *
 * @summary tab.properties
 */
export class TpPortalProperties extends PortalTabElement {
  override render() {
    return html`<h3>${this.st('tab.properties')}</h3>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-properties': TpPortalProperties;
  }
}
