import { css, html } from 'lit';
import { state } from 'lit/decorators.js';
import { inert } from '../../../shared/tp-element.js';
import { pathOf } from '../../router.js';
import type { CustomerContext } from '../ticket-api.js';
import { TicketPart } from '../ticket-part.js';

/**
 * Who asked: the requester, their organization, and their other recent
 * tickets (links to them in the console).
 *
 * @summary The customer behind the ticket.
 */
export class TpCustomerContext extends TicketPart {
  static override styles = [
    ...TicketPart.styles,
    css`
      :host {
        overflow-wrap: anywhere;
      }
      dl {
        margin: 0;
      }
      dt {
        font-weight: 600;
        margin-top: 4px;
      }
      dd {
        margin: 0;
      }
      li {
        padding: 2px 0;
      }
      a {
        color: inherit;
      }
    `,
  ];

  @state() private context?: CustomerContext;

  protected override async fetchPart(): Promise<void> {
    this.context = await this.ticketApi.customerContext(this.ticketId);
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    const c = this.context;
    if (!c) return html`<p role="status" class="muted">${this.t('loading')}</p>`;
    return html`<dl>
      <dt>${this.tt('requester')}</dt>
      <dd>${inert(c.requester.name)}<br /><span class="muted">${inert(c.requester.email)}</span></dd>
      <dt>${this.tt('organization')}</dt>
      <dd>${c.organization ? inert(c.organization.name) : html`<span class="muted">${this.tt('noOrganization')}</span>`}</dd>
      <dt>${this.tt('otherTickets')}</dt>
      <dd>
        ${
          c.recentTickets.length === 0
            ? html`<span class="muted">${this.tt('noOtherTickets')}</span>`
            : html`<ul>
              ${c.recentTickets.map(
                (r) => html`<li>
                  <a href=${pathOf({ name: 'ticket', id: r.id })}>#${r.number} ${inert(r.title)}</a>
                  ${this.statusBadge(r.status)}
                </li>`,
              )}
            </ul>`
        }
      </dd>
    </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-customer-context': TpCustomerContext;
  }
}
