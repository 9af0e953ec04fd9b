import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatMinutes, type MessageKey } from '../../../i18n/strings.js';
import { inert } from '../../../shared/tp-element.js';
import type { HistoryEvent } from '../ticket-api.js';
import { TicketElement } from '../ticket-element.js';
import type { TicketKey } from '../ticket-strings.js';

const KNOWN = new Set([
  'created',
  'message',
  'internal_note',
  'status_changed',
  'updated',
  'follower_added',
  'follower_removed',
  'time_logged',
  'attachment_added',
]);

/**
 * Every event of the ticket, newest first: who did what and when (internal
 * notes included: staff only see this page).
 *
 * @summary The ticket's history.
 */
export class TpTicketHistory extends TicketElement {
  static override styles = [
    ...TicketElement.styles,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
        max-height: 320px;
        overflow: auto;
      }
      li {
        padding: 4px 0;
        border-bottom: 1px solid var(--tp-border);
        overflow-wrap: anywhere;
      }
      time {
        display: block;
        font-size: 0.85em;
      }
    `,
  ];

  @state() private events?: HistoryEvent[];
  @state() private error = '';

  /** The ticket whose history to show. */
  @property({ attribute: 'ticket-id' }) ticketId = '';
  /** Bumped by the page when the ticket changed: the history is fetched again. */
  @property({ type: Number }) revision = 0;

  protected override updated(changed: PropertyValues): void {
    if ((changed.has('ticketId') || changed.has('api') || changed.has('revision')) && this.api && this.ticketId)
      void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.events = (await this.ticketApi.history(this.ticketId)).items;
      this.error = '';
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private describe(e: HistoryEvent): string {
    const d = e.data;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const status = (v: unknown) => (typeof v === 'string' ? this.t(`status.${v}` as MessageKey) : '');
    if (!KNOWN.has(e.type)) return this.tt('event.other', { type: e.type });
    const params: Record<string, string> = {
      from: status(d.from),
      to: status(d.to),
      properties: Array.isArray(d.properties)
        ? d.properties
            .filter((p): p is string => typeof p === 'string')
            .map((p) => p.replace(/^custom:/, ''))
            .join(', ')
        : '',
      minutes: typeof d.minutes === 'number' ? formatMinutes(d.minutes) : '',
      filename: inert(str(d.filename)),
    };
    return this.tt(`event.${e.type}` as TicketKey, params);
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.events) return html`<p role="status" class="muted">${this.t('loading')}</p>`;
    if (this.events.length === 0) return html`<p class="muted">${this.tt('noHistory')}</p>`;
    return html`<ol>
      ${[...this.events].reverse().map(
        (e) => html`<li class=${e.internal ? 'internal' : nothing}>
          <strong>${e.actor ? inert(e.actor.name) : this.tt('system')}</strong> ${this.describe(e)}
          <time class="muted" datetime=${e.createdAt}>${this.date(e.createdAt, true)}</time>
        </li>`,
      )}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-history': TpTicketHistory;
  }
}
