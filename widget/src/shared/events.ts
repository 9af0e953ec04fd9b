import type { TicketDetail } from '../api/types.js';

/** Fired by <tickets-portal> when its panel opens. */
export class TpOpenEvent extends Event {
  static readonly eventName = 'tp-open';
  constructor() {
    super(TpOpenEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired by <tickets-portal> when its panel closes. */
export class TpCloseEvent extends Event {
  static readonly eventName = 'tp-close';
  constructor() {
    super(TpCloseEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the customer created a ticket; carries its id and number. */
export class TpTicketCreatedEvent extends Event {
  static readonly eventName = 'tp-ticket-created';
  readonly ticket: { id: string; number: number; title: string };
  constructor(ticket: TicketDetail) {
    super(TpTicketCreatedEvent.eventName, { bubbles: true, composed: true });
    this.ticket = { id: ticket.id, number: ticket.number, title: ticket.title };
  }
}

declare global {
  interface HTMLElementEventMap {
    'tp-open': TpOpenEvent;
    'tp-close': TpCloseEvent;
    'tp-ticket-created': TpTicketCreatedEvent;
  }
}
