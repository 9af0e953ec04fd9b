import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { formatMinutes, type MessageKey } from '../../../i18n/strings.js';
import { inert } from '../../../shared/tp-element.js';
import type { HistoryEvent } from '../ticket-api.js';
import { TicketPart } from '../ticket-part.js';
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
export class TpTicketHistory extends TicketPart {
  static override styles = [
    ...TicketPart.styles,
    css`
      ol {
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

  protected override async fetchPart(): Promise<void> {
    this.events = (await this.ticketApi.history(this.ticketId)).items;
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
