import { css, html, nothing, type TemplateResult } from 'lit';
import { icon } from '../../shared/icons.js';
import { ConsoleElement } from '../console-element.js';
import { ruledList } from '../ruled-list.styles.js';
import { kitText, type KitKey } from './admin-kit-strings.js';

/** A danger button and an inline confirmation (the people pages use them without the rest). */
export const confirmStyles = css`
  button.danger {
    background: var(--tp-danger);
    color: var(--tp-body);
  }
  .confirm {
    flex-basis: 100%;
    border: 1px solid var(--tp-danger);
    border-radius: var(--tp-radius);
    padding: 8px 12px;
    margin: 4px 0;
  }
  .confirm p {
    margin: 0 0 8px;
  }
`;

/** Styles of the admin pages: forms in a box, danger buttons, inline confirmations, row tools. */
export const adminStyles = css`
  :host {
    display: block;
  }
  a {
    color: inherit;
  }
  ${ruledList}
  ${confirmStyles}
  ul.ruled li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    padding: 6px 4px;
  }
  ul.ruled li > .grow {
    flex: 1 1 12rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .box {
    padding: 12px 16px;
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    background: var(--tp-surface);
    margin: 8px 0 16px;
  }
  .box h3,
  .box h4 {
    margin-top: 0;
  }
  .tools {
    display: flex;
    gap: 4px;
    flex-wrap: wrap;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 12px;
    align-items: center;
    margin-top: 12px;
  }
  .sub {
    color: var(--tp-muted);
    font-size: 0.9em;
  }
  .tag {
    font-size: 0.8em;
    border: 1px solid var(--tp-border);
    border-radius: 4px;
    padding: 0 6px;
  }
  fieldset {
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    margin: 8px 0;
    padding: 4px 12px 8px;
  }
  legend {
    font-weight: 600;
    padding: 0 4px;
  }
  label.check {
    display: flex;
    gap: 8px;
    align-items: center;
    font-weight: normal;
    margin: 4px 0;
  }
  .hint {
    color: var(--tp-muted);
    font-size: 0.9em;
    margin: 2px 0;
  }
`;

/**
 * A confirmation in the page, announced as it appears: what will happen, the
 * action's button and Cancel (the caller focuses the action).
 */
export function confirmBox(
  text: string,
  action: string,
  cancel: string,
  onYes: () => void,
  onNo: () => void,
): TemplateResult {
  return html`<div class="confirm" role="alert">
    <p>${text}</p>
    <div class="row">
      <button type="button" class="danger" @click=${onYes}>${action}</button>
      <button type="button" @click=${onNo}>${cancel}</button>
    </div>
  </div>`;
}

/**
 * Base of the admin pages and pieces: the shared strings (`kt()`), an inline
 * confirmation (one at a time, named by `confirming`), and focus moved to a
 * control after the next render.
 */
export class AdminElement extends ConsoleElement {
  static override styles = [...ConsoleElement.styles, adminStyles];

  protected kt(key: KitKey, params?: Record<string, string | number>): string {
    return kitText(this.session.locale, key, params);
  }

  /** A button's text: the verb shown ("Edit"), the name it acts on for screen readers ("Edit Incident"). */
  protected verb(key: 'edit' | 'delete' | 'remove', name: string): TemplateResult {
    return html`${this.kt(key)}<span class="sr-only"> ${name}</span>`;
  }

  /** Focuses the first element matching `selector` once the element has rendered. */
  protected async focusAfterRender(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /**
   * A confirmation in the page, announced as it appears: what will happen, the
   * action's button (focused) and Cancel.
   */
  protected confirmBox(text: string, action: string, onYes: () => void, onNo: () => void): TemplateResult {
    void this.focusAfterRender('.confirm button.danger');
    return confirmBox(text, action, this.kt('cancel'), onYes, onNo);
  }

  /** Up and down buttons that move the item at `index` of `count` (first cannot go up, last cannot go down). */
  protected moveButtons(name: string, index: number, count: number, move: (by: -1 | 1) => void): TemplateResult {
    return html`<button
        type="button"
        class="icon-only"
        data-move="up"
        aria-label=${this.kt('moveUp', { name })}
        ?disabled=${index === 0}
        @click=${() => move(-1)}
      >
        ${icon('up')}</button
      ><button
        type="button"
        class="icon-only"
        data-move="down"
        aria-label=${this.kt('moveDown', { name })}
        ?disabled=${index === count - 1}
        @click=${() => move(1)}
      >
        ${icon('down')}
      </button>`;
  }

  /** An error line announced as it appears, or nothing. */
  protected errorLine(error: string): TemplateResult | typeof nothing {
    return error ? html`<p class="error" role="alert">${error}</p>` : nothing;
  }
}
