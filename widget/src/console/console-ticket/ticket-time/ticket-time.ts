import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { formatMinutes } from '../../../i18n/strings.js';
import { inert } from '../../../shared/tp-element.js';
import type { TimeEntries } from '../ticket-api.js';
import { TpTicketChangedEvent } from '../ticket-element.js';
import { TicketPart } from '../ticket-part.js';

/**
 * Time logged on the ticket (who, how long, when, why) with the total, and a
 * form to log more as the signed-in agent.
 *
 * @summary Time entries.
 * @fires tp-ticket-changed - Time was logged.
 */
export class TpTicketTime extends TicketPart {
  static override styles = [
    ...TicketPart.styles,
    css`
      ul {
        margin-bottom: 6px;
      }
      li {
        padding: 2px 0;
        overflow-wrap: anywhere;
      }
      form {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr);
        gap: 0 8px;
        align-items: end;
      }
      form .wide {
        grid-column: 1 / -1;
      }
      form button {
        margin-top: 8px;
        justify-self: start;
      }
    `,
  ];

  @query('#minutes') private minutesInput?: HTMLInputElement;
  @query('#time-date') private dateInput?: HTMLInputElement;
  @query('#time-note') private noteInput?: HTMLInputElement;

  @state() private time?: TimeEntries;
  @state() private busy = false;

  protected override async fetchPart(): Promise<void> {
    this.time = await this.ticketApi.timeEntries(this.ticketId);
  }

  private async handleLog(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const minutes = Number(this.minutesInput?.value);
    const date = this.dateInput?.value ?? '';
    if (!Number.isInteger(minutes) || minutes < 1) {
      this.error = `${this.tt('minutes')}: ${this.t('required')}`;
      this.minutesInput?.focus();
      return;
    }
    this.busy = true;
    try {
      this.time = await this.ticketApi.logTime(this.ticketId, {
        minutes,
        date,
        note: this.noteInput?.value.trim() ?? '',
      });
      this.error = '';
      if (this.minutesInput) this.minutesInput.value = '';
      if (this.noteInput) this.noteInput.value = '';
      this.dispatchEvent(new TpTicketChangedEvent());
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const today = new Date().toISOString().slice(0, 10);
    return html`${
      !this.time
        ? html`<p role="status" class="muted">${this.t('loading')}</p>`
        : this.time.items.length === 0
          ? html`<p class="muted">${this.tt('noTime')}</p>`
          : html`<ul>
                ${this.time.items.map(
                  (e) => html`<li>
                    <strong>${formatMinutes(e.minutes)}</strong> · ${inert(e.user.name)} · ${this.date(e.date)}${
                      e.note ? html` — <span class="text">${inert(e.note)}</span>` : nothing
                    }
                  </li>`,
                )}
              </ul>
              <p class="total">${this.tt('totalTime', { total: formatMinutes(this.time.totalMinutes) })}</p>`
    }
      <form @submit=${this.handleLog}>
        <div>
          <label for="minutes">${this.tt('minutes')}</label>
          <input id="minutes" type="number" min="1" max="1440" inputmode="numeric" required />
        </div>
        <div>
          <label for="time-date">${this.tt('date')}</label>
          <input id="time-date" type="date" .value=${today} required />
        </div>
        <div class="wide">
          <label for="time-note">${this.tt('note')}</label>
          <input id="time-note" type="text" maxlength="1000" />
        </div>
        <button class="wide" ?disabled=${this.busy}>${this.tt('logTime')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-time': TpTicketTime;
  }
}
