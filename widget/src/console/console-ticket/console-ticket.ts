import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { LiveUpdates, type TicketChange } from '../../api/live-updates.js';
import { attachmentList } from '../../conversation/attachment-list.js';
import { define } from '../../shared/define.js';
import { inert } from '../../shared/tp-element.js';
import { TpCustomerContext } from './customer-context/customer-context.js';
import type { AdminTicket, Presence } from './ticket-api.js';
import { TpTicketComposer, type TpMessageSentEvent } from './ticket-composer/ticket-composer.js';
import { TicketElement, type TpTicketChangedEvent } from './ticket-element.js';
import { TpTicketFollowers } from './ticket-followers/ticket-followers.js';
import { TpTicketHistory } from './ticket-history/ticket-history.js';
import { TpTicketProperties } from './ticket-properties/ticket-properties.js';
import { TpTicketTime } from './ticket-time/ticket-time.js';
import type { TicketKey } from './ticket-strings.js';
import styles from './console-ticket.styles.js';

define('tp-ticket-composer', TpTicketComposer);
define('tp-ticket-properties', TpTicketProperties);
define('tp-ticket-followers', TpTicketFollowers);
define('tp-ticket-time', TpTicketTime);
define('tp-ticket-history', TpTicketHistory);
define('tp-customer-context', TpCustomerContext);

/** How often the page tells the server it is still open (the server forgets after 30 s). */
export const HEARTBEAT_MS = 10_000;

/**
 * The console's page of one ticket: the conversation (internal notes set apart)
 * and the reply box on the left; properties, customer, followers, time and
 * history on the right (stacked on narrow screens). Follows the ticket live
 * (the staff event stream; the heartbeat as a fallback), says who else has it
 * open or wrote since it was opened, and answers the keys r (reply), n
 * (internal note) and e (close) when focus is not in a field.
 *
 * @summary A ticket, for the support team.
 */
export class TpConsoleTicket extends TicketElement {
  static override styles = [...TicketElement.styles, styles];

  @query('tp-ticket-composer') private composer?: TpTicketComposer;

  @state() private ticket?: AdminTicket;
  @state() private error = '';
  @state() private missing = false;
  /** Bumped on every change seen: the side parts fetch their data again. */
  @state() private revision = 0;
  @state() private others: Presence['viewers'] = [];
  /** Messages there when the page opened (or when this agent last sent): newer ones by others are announced. */
  @state() private seen = new Set<string>();
  @state() private announce = '';

  /** The ticket to show (from `/console/tickets/:id`). */
  @property({ attribute: 'ticket-id' }) ticketId = '';

  private heartbeat?: ReturnType<typeof setInterval>;
  /** The staff event stream, as the inbox follows it: the console's client opens it (`ConsoleClient.events`). */
  private live?: LiveUpdates;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.handleKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('keydown', this.handleKey);
    this.stopFollowing();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('ticketId') || changed.has('api')) && this.api && this.ticketId) {
      this.stopFollowing();
      this.ticket = undefined;
      this.seen = new Set();
      this.others = [];
      void this.load().then(() => this.startFollowing());
    }
  }

  /** Fetches the ticket; `quiet` keeps the current one on screen meanwhile (a live update). */
  private async load(quiet = false): Promise<void> {
    const id = this.ticketId;
    try {
      const ticket = await this.ticketApi.ticket(id);
      if (id !== this.ticketId) return;
      this.ticket = ticket;
      if (!quiet) this.seen = new Set(ticket.messages.map((m) => m.id));
      else this.revision += 1;
      this.error = '';
      this.missing = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.missing = true;
      else if (!quiet || !this.ticket) this.error = this.failure(err);
    }
  }

  private startFollowing(): void {
    if (!this.ticket || !this.isConnected || !this.api) return;
    void this.beat();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.live = new LiveUpdates(this.api, (change) => this.handleLiveChange(change));
    this.live.start();
  }

  private stopFollowing(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.live?.stop();
    this.live = undefined;
    if (this.ticket && this.api) void this.ticketApi.leave(this.ticket.id).catch(() => undefined);
  }

  /**
   * A change to this ticket on the staff stream is fetched in place; `null` (the
   * stream came back after a break, events may have been missed) refetches too.
   * Without a stream the heartbeat alone keeps the page current.
   */
  private handleLiveChange(change: TicketChange | null): void {
    if (change === null || change.ticketId === this.ticketId) void this.load(true);
  }

  /** Tells the server the page is open; learns who else is, and whether a message came that is not shown. */
  private async beat(): Promise<Presence | null> {
    if (!this.api || !this.ticket) return null;
    const api = this.ticketApi;
    try {
      const presence = await api.presence(this.ticket.id, this.composer?.composing ?? false);
      this.others = presence.viewers;
      const latest = presence.latestMessage;
      if (
        (latest && !this.ticket.messages.some((m) => m.id === latest.id)) ||
        presence.updatedAt !== this.ticket.updatedAt
      )
        await this.load(true);
      return presence;
    } catch {
      return null;
    }
  }

  /** The composer's last check before sending: a message nobody here has seen yet stops the send. */
  private check = async (): Promise<string> => {
    const presence = await this.beat();
    const latest = presence?.latestMessage;
    // beat() has loaded it: show the sentence, and let the next click send.
    if (latest && this.ticket && !this.seen.has(latest.id) && latest.author.id !== this.session.user?.id) {
      this.seen = new Set(this.ticket.messages.map((m) => m.id));
      return this.tt('collisionCheck');
    }
    return '';
  };

  private handleSent(e: TpMessageSentEvent): void {
    if (!this.ticket) return;
    const messages = [...this.ticket.messages.filter((m) => m.id !== e.message.id), e.message];
    this.ticket = { ...this.ticket, messages };
    // Having written, the agent has seen the ticket as it is.
    this.seen = new Set(messages.map((m) => m.id));
    this.revision += 1;
  }

  private handleChanged(e: TpTicketChangedEvent): void {
    if (e.ticket) this.ticket = e.ticket;
    this.revision += 1;
  }

  private async closeTicket(): Promise<void> {
    if (!this.api || !this.ticket || this.ticket.status === 'closed') return;
    const api = this.ticketApi;
    try {
      this.ticket = await api.update(this.ticket.id, { status: 'closed' });
      this.revision += 1;
      this.announce = this.tt('closed');
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private handleKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || !this.ticket) return;
    const target = e.composedPath()[0];
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
    )
      return;
    if (e.key === 'r' || e.key === 'n') {
      e.preventDefault();
      this.composer?.focusBox(e.key === 'n' ? 'note' : 'reply');
    } else if (e.key === 'e') {
      e.preventDefault();
      void this.closeTicket();
    }
  };

  private renderPresence(ticket: AdminTicket) {
    const me = this.session.user?.id;
    const newer = ticket.messages.filter((m) => !this.seen.has(m.id) && m.author.id !== me);
    const writers = [...new Set(newer.map((m) => inert(m.author.name)))];
    const composing = this.others.filter((o) => o.composing);
    return html`<div class="presence" role="status">${
      this.others.length
        ? html`<p>${this.tt('viewing', { names: this.others.map((o) => inert(o.name)).join(', ') })}</p>`
        : nothing
    }${composing.map((o) => html`<p class="warn">${this.tt('composing', { name: inert(o.name) })}</p>`)}${writers.map(
      (name) => html`<p class="warn">${this.tt('repliedSince', { name })}</p>`,
    )}</div>`;
  }

  private renderMessages(ticket: AdminTicket) {
    if (ticket.messages.length === 0) return html`<p class="muted">${this.tt('noMessages')}</p>`;
    return html`<ol class="messages">
      ${ticket.messages.map(
        (m) => html`<li class="message ${m.internal ? 'internal' : m.author.staff ? 'staff' : 'customer'}">
          <div class="who">
            <strong>${inert(m.author.name)}</strong>
            ${
              m.internal
                ? html`<span class="badge internal">${this.tt('internalBadge')}</span>`
                : m.author.staff
                  ? html`<span class="badge support">${this.tt('fromSupport')}</span>`
                  : html`<span class="muted">${this.tt('fromCustomer')}</span>`
            }
            <time class="muted" datetime=${m.createdAt}>${this.date(m.createdAt, true)}</time>
          </div>
          <p class="text">${inert(m.body)}</p>
          ${
            m.attachments.length
              ? attachmentList(
                  this.client,
                  m.attachments,
                  (name) => this.tt('download', { name }),
                  () => undefined,
                )
              : nothing
          }
        </li>`,
      )}
    </ol>`;
  }

  /** One part of the side column: a section named by its heading (`headingId`, `title`) around `part`. */
  private renderSide(headingId: string, title: TicketKey, part: TemplateResult) {
    return html`<section aria-labelledby=${headingId}>
      <h3 id=${headingId}>${this.tt(title)}</h3>
      ${part}
    </section>`;
  }

  override render() {
    const back = html`<a class="back" href="/console">← ${this.tt('back')}</a>`;
    if (this.missing) return html`${back}<p role="alert">${this.tt('notFound')}</p>`;
    if (this.error && !this.ticket) return html`${back}<p class="error" role="alert">${this.error}</p>`;
    const ticket = this.ticket;
    if (!ticket) return html`${back}<p role="status">${this.tt('loading')}</p>`;
    const unattached = ticket.attachments.filter((a) => a.messageId === null);
    return html`${back}
      <div class="head">
        <h2 id="ticket-title">#${ticket.number} ${inert(ticket.title)}</h2>
        ${this.statusBadge(ticket.status)} ${this.priorityLabel(ticket.priority)}
        ${ticket.status !== 'closed' ? html`<button @click=${this.closeTicket}>${this.tt('closeTicket')}</button>` : nothing}
      </div>
      <p class="meta muted">${this.tt('opened', { date: this.date(ticket.createdAt, true), name: inert(ticket.requester.name) })}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p class="sr-only" role="status">${this.announce}</p>
      ${this.renderPresence(ticket)}
      <div class="layout" @tp-ticket-changed=${this.handleChanged} @tp-message-sent=${this.handleSent}>
        <section class="card conversation" aria-labelledby="conv-h">
          <h3 id="conv-h">${this.tt('conversation')}</h3>
          <div class="description">
            <p class="text">${inert(ticket.description)}</p>
            ${
              unattached.length
                ? attachmentList(
                    this.client,
                    unattached,
                    (name) => this.tt('download', { name }),
                    () => undefined,
                  )
                : nothing
            }
          </div>
          ${this.renderMessages(ticket)}
          <tp-ticket-composer ticket-id=${ticket.id} requester=${ticket.requester.name} .check=${this.check}></tp-ticket-composer>
          <p class="shortcuts muted">${this.tt('shortcuts')}</p>
        </section>
        <aside aria-label=${this.tt('properties')}>
          ${this.renderSide('props-h', 'properties', html`<tp-ticket-properties .ticket=${ticket}></tp-ticket-properties>`)}
          ${this.renderSide('customer-h', 'customer', html`<tp-customer-context ticket-id=${ticket.id} revision=${this.revision}></tp-customer-context>`)}
          ${this.renderSide('followers-h', 'followers', html`<tp-ticket-followers ticket-id=${ticket.id} revision=${this.revision}></tp-ticket-followers>`)}
          ${this.renderSide('time-h', 'time', html`<tp-ticket-time ticket-id=${ticket.id} revision=${this.revision}></tp-ticket-time>`)}
          ${this.renderSide('history-h', 'history', html`<tp-ticket-history ticket-id=${ticket.id} revision=${this.revision}></tp-ticket-history>`)}
        </aside>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-ticket': TpConsoleTicket;
  }
}
