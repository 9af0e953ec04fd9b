import { ConsoleElement } from '../console-element.js';
import { TicketApi, type AdminTicket } from './ticket-api.js';
import { ticketText, type TicketKey } from './ticket-strings.js';

/**
 * Base of the ticket page and its parts: the console's element plus `tt()`
 * for the page's strings and the typed admin calls (`ticketApi`).
 */
export class TicketElement extends ConsoleElement {
  private cachedApi?: TicketApi;

  /** The admin calls, through the console's client (`client`'s guard: fails in the caller's error handling without one). */
  protected get ticketApi(): TicketApi {
    const client = this.client;
    if (this.cachedApi?.client !== client) this.cachedApi = new TicketApi(client);
    return this.cachedApi;
  }

  /** Translates a ticket-page key for the session's language. */
  protected tt(key: TicketKey, params?: Record<string, string | number>): string {
    return ticketText(this.session.locale, key, params);
  }
}

/**
 * Fired by a part of the ticket page after it changed the ticket: carries the
 * ticket as the server now has it when the part got it back (a property
 * change), else nothing (the page fetches it again).
 */
export class TpTicketChangedEvent extends Event {
  static readonly eventName = 'tp-ticket-changed';
  constructor(readonly ticket: AdminTicket | null = null) {
    super(TpTicketChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'tp-ticket-changed': TpTicketChangedEvent;
  }
}
