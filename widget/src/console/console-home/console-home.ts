import { css, html } from 'lit';
import { ConsoleElement } from '../console-element.js';

/**
 * The console's first page for a signed-in agent or admin. Issue 10 replaces
 * it with the inbox (the views, the list, live updates); until then it says so.
 *
 * @summary The console's home page (the inbox, to come).
 */
export class TpConsoleHome extends ConsoleElement {
  static override styles = [
    ...ConsoleElement.styles,
    css`
      :host {
        display: block;
      }
      .soon {
        padding: 16px;
        border: 1px dashed var(--tp-border);
        border-radius: var(--tp-radius);
        background: var(--tp-surface);
        max-width: 60ch;
      }
    `,
  ];

  override render() {
    return html`<h2>${this.ct('inboxTitle')}</h2>
      <p class="soon">${this.ct('inboxSoon')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-home': TpConsoleHome;
  }
}
