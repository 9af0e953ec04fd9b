import { css, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TicketElement } from './ticket-element.js';

/**
 * Base of a ticket page's side part that shows something fetched for one
 * ticket (followers, time, history, the customer): fetches it again when the
 * ticket, the client or the page's revision changes, and keeps the failure in
 * words in `error` (cleared by the next answer). A part is a block; its
 * lists are bare.
 */
export abstract class TicketPart extends TicketElement {
  static override styles = [
    ...TicketElement.styles,
    css`
      :host {
        display: block;
      }
      ul,
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
    `,
  ];

  /** The last failure in words, or ''. */
  @state() protected error = '';
  /** True once the first fetch answered or failed. */
  @state() protected loaded = false;

  /** The ticket whose part to show. */
  @property({ attribute: 'ticket-id' }) ticketId = '';
  /** Bumped by the page when the ticket changed (live): the part is fetched again. */
  @property({ type: Number }) revision = 0;

  /** Fetches the part for `ticketId` and keeps it in the element's state; throws as the API does. */
  protected abstract fetchPart(): Promise<void>;

  protected override updated(changed: PropertyValues): void {
    if ((changed.has('ticketId') || changed.has('api') || changed.has('revision')) && this.api && this.ticketId)
      void this.load();
  }

  private async load(): Promise<void> {
    try {
      await this.fetchPart();
      this.error = '';
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.loaded = true;
    }
  }
}
