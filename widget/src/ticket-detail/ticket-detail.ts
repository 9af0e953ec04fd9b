import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError } from '../api/client.js';
import type { Follower, Person, Property, TicketDetail, TimeEntry } from '../api/types.js';
import { changesContext, touches, type Changes } from '../context/changes-context.js';
import { formatMinutes } from '../i18n/strings.js';
import { icon } from '../shared/icons.js';
import { skeleton, skeletonStyles } from '../shared/skeleton.js';
import { TpElement, inert } from '../shared/tp-element.js';
import { attachmentList, attachmentListStyles } from '../conversation/attachment-list.js';
import { isClosed } from '../shared/status.js';
import styles from './ticket-detail.styles.js';

/**
 * One ticket: title, description, status, priority, dates, assignee and the
 * portal's detail properties (editable ones edited in place), close/reopen,
 * sharing with followers, timesheets, and the conversation.
 *
 * @summary Ticket detail.
 * @csspart status - The status badge.
 */
export class TpTicketDetail extends TpElement {
  static override styles = [...TpElement.styles, attachmentListStyles, skeletonStyles, styles];

  /** Live updates: a change to this ticket (status, assignee, fields, followers) is fetched in place. */
  @consume({ context: changesContext, subscribe: true })
  @state()
  private changes?: Changes;

  @query('#share') private shareInput?: HTMLInputElement;

  @state() private ticket?: TicketDetail;
  @state() private error = '';
  @state() private fieldErrors: Record<string, string> = {};
  /** The property just saved, which says so for a moment. */
  @state() private saved = '';
  /** The rating picked, before it is sent. */
  @state() private rating: 'good' | 'bad' | null = null;
  @state() private rateError = '';
  private savedTimer?: ReturnType<typeof setTimeout>;
  @state() private followers: Follower[] = [];
  @state() private shareError = '';
  /** The share field's suggestions (people of the customer's organization); none: the list is closed. */
  @state() private people: Person[] = [];
  /** The suggestion the arrow keys are on (-1: none). */
  @state() private activePerson = -1;
  /** The suggestion picked; typing in the field again forgets it. */
  private picked: Person | null = null;
  @state() private time?: { items: TimeEntry[]; totalMinutes: number };
  @state() private timeError = '';
  @state() private busy = false;
  /** A time entry is on its way. */
  @state() private logging = false;

  /** Id of the ticket to show. */
  @property() ticketId = '';
  /** A message about how the customer got here, shown above the ticket (an attachment that failed on creation). */
  @property() notice = '';

  private peopleTimer?: ReturnType<typeof setTimeout>;

  protected override updated(changed: PropertyValues): void {
    if ((changed.has('ticketId') || changed.has('api')) && this.api && this.ticketId) void this.load();
    else if (changed.has('changes') && this.ticket && touches(this.changes, this.ticketId)) void this.load(true);
  }

  /** Fetches the ticket; `quiet` keeps the current one on screen meanwhile (a live update). */
  private async load(quiet = false): Promise<void> {
    const id = this.ticketId;
    if (!quiet) {
      this.error = '';
      this.ticket = undefined;
    }
    try {
      const ticket = await this.client.ticket(id);
      if (id !== this.ticketId) return;
      this.ticket = ticket;
      const [followers, time] = await Promise.all([
        this.client.followers(id),
        this.portal?.timesheets ? this.client.timeEntries(id) : Promise.resolve(undefined),
      ]);
      this.followers = followers.items;
      this.time = time;
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private async handleProperty(prop: Property, input: HTMLInputElement | HTMLSelectElement): Promise<void> {
    let value: unknown = input.value;
    if (input instanceof HTMLInputElement && input.type === 'checkbox') value = input.checked;
    else if (input.value === '') value = null;
    else if (prop.type === 'percent' || prop.type === 'number') value = Number(input.value);
    this.fieldErrors = { ...this.fieldErrors, [prop.property]: '' };
    try {
      this.ticket = await this.client.updateTicket(this.ticketId, { [prop.property]: value });
      this.saved = prop.property;
      clearTimeout(this.savedTimer);
      this.savedTimer = setTimeout(() => (this.saved = ''), 4000);
    } catch (err) {
      const field = err instanceof ApiError && err.field ? err.field : prop.property;
      this.fieldErrors = {
        ...this.fieldErrors,
        [field.startsWith(prop.property) ? prop.property : field]: this.failure(err),
      };
    }
  }

  private async handleStatus(): Promise<void> {
    const closed = isClosed(this.ticket!.status);
    this.busy = true;
    try {
      this.ticket = await this.client.setClosed(this.ticketId, !closed);
      this.error = '';
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  /** Shares with the person picked among the suggestions, else with the address typed. */
  private async handleShare(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const input = this.shareInput!;
    const who = this.picked ? { userId: this.picked.id } : { email: input.value.trim() };
    this.shareError = '';
    try {
      this.followers = (await this.client.addFollower(this.ticketId, who)).items;
      input.value = '';
      this.picked = null;
    } catch (err) {
      this.shareError = this.failure(err);
    }
  }

  /**
   * Suggests people as the customer types: at once the suggestions shown that still match,
   * then, after a pause, the server's answer for what the field still says.
   */
  private handleShareInput(): void {
    clearTimeout(this.peopleTimer);
    this.activePerson = -1;
    this.picked = null;
    const q = this.shareInput!.value.trim();
    const lower = q.toLowerCase();
    this.people = q ? this.people.filter((p) => `${p.name}\n${p.email}`.toLowerCase().includes(lower)) : [];
    if (!q) return;
    this.peopleTimer = setTimeout(async () => {
      const { items } = await this.client.people(q).catch(() => ({ items: [] as Person[] }));
      if (this.shareInput?.value.trim() === q) this.people = items;
    }, 200);
  }

  /** The combobox keys: arrows move among the suggestions, Enter picks one, Escape closes them (not the panel). */
  private handleShareKey(e: KeyboardEvent): void {
    const n = this.people.length;
    if (!n) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp')
      this.activePerson = (this.activePerson + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
    else if (e.key === 'Enter' && this.activePerson >= 0) this.pickPerson(this.people[this.activePerson]!);
    else if (e.key === 'Escape') this.people = [];
    else return;
    e.preventDefault();
  }

  private pickPerson(person: Person): void {
    this.picked = person;
    this.shareInput!.value = person.name;
    this.people = [];
    this.activePerson = -1;
  }

  private async handleUnshare(f: Follower): Promise<void> {
    try {
      this.followers = (await this.client.removeFollower(this.ticketId, f.id)).items;
    } catch (err) {
      this.shareError = this.failure(err);
    }
  }

  /** Logs an entry; once at a time (a double click logs once). The date stays: entries often follow for the same day. */
  private async handleTime(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.logging) return;
    const form = e.target as HTMLFormElement;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    this.timeError = '';
    this.logging = true;
    try {
      await this.client.addTimeEntry(this.ticketId, {
        minutes: Number(field('minutes').value),
        date: field('date').value,
        note: field('note').value,
      });
      this.time = await this.client.timeEntries(this.ticketId);
      field('minutes').value = field('note').value = '';
    } catch (err) {
      this.timeError = this.failure(err);
    } finally {
      this.logging = false;
    }
  }

  private display(prop: Property): unknown {
    const v = prop.value;
    if (v === null || v === undefined || v === '') return this.t(prop.property === 'assignee' ? 'unassigned' : 'none');
    if (prop.type === 'status') return this.statusBadge(String(v));
    if (prop.type === 'priority') return this.priorityLabel(String(v));
    if (prop.type === 'datetime') return this.date(String(v), true);
    if (prop.type === 'date') return this.date(String(v));
    if (prop.type === 'percent') return `${String(v)} %`;
    if (prop.type === 'checkbox') return this.t(v ? 'yes' : 'no');
    return inert(String(v));
  }

  private editor(prop: Property) {
    const id = `p-${prop.property.replace(/\W/g, '-')}`;
    const error = this.fieldErrors[prop.property];
    const described = error ? `${id}-err` : nothing;
    const onChange = (e: Event) => this.handleProperty(prop, e.target as HTMLInputElement | HTMLSelectElement);
    const value = prop.value === null || prop.value === undefined ? '' : String(prop.value);
    let control;
    if (prop.options) {
      control = html`<select id=${id} aria-describedby=${described} @change=${onChange}>
        ${prop.type === 'priority' ? nothing : html`<option value="" ?selected=${value === ''}>${this.t('none')}</option>`}
        ${prop.options.map(
          (o) =>
            html`<option value=${o} ?selected=${o === value}>${prop.type === 'priority' ? this.t(`priority.${o}` as 'priority.low') : o}</option>`,
        )}
      </select>`;
    } else if (prop.type === 'checkbox') {
      control = html`<input id=${id} type="checkbox" .checked=${prop.value === true} aria-describedby=${described} @change=${onChange} />`;
    } else {
      const type = { percent: 'number', number: 'number', date: 'date' }[prop.type] ?? 'text';
      control = html`<input
        id=${id}
        type=${type}
        min=${prop.type === 'percent' ? '0' : nothing}
        max=${prop.type === 'percent' ? '100' : nothing}
        .value=${value}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described}
        @change=${onChange}
      />`;
    }
    return html`<dt><label for=${id}>${prop.label}</label></dt>
      <dd>
        ${control}${error ? html`<p class="error" id="${id}-err" role="alert">${error}</p>` : nothing}
        <span class="saved" role="status">${this.saved === prop.property ? html`${icon('good')} ${this.t('saved')}` : nothing}</span>
      </dd>`;
  }

  private renderFollowers(t: TicketDetail) {
    return html`<section aria-labelledby="share-h">
      <h3 id="share-h">${this.t('share')}</h3>
      <ul>
        ${this.followers.map(
          (f) => html`<li>
            <span>${inert(f.name || f.email)}</span>
            ${
              f.requester
                ? html`<span class="muted">(${this.t('requesterTag')})</span>`
                : t.canManage
                  ? html`<button class="link" @click=${() => this.handleUnshare(f)}>${this.t('remove', { name: f.name || f.email })}</button>`
                  : nothing
            }
          </li>`,
        )}
      </ul>
      ${t.canManage ? this.renderShareForm() : nothing}
      ${this.shareError ? html`<p class="error" role="alert">${this.shareError}</p>` : nothing}
    </section>`;
  }

  /** The share field: a combobox (ARIA 1.2, list autocomplete) over the people suggestions; any address also goes. */
  private renderShareForm() {
    const open = this.people.length > 0;
    return html`<form class="inline-form" @submit=${this.handleShare}>
      <div class="combo">
        <label for="share">${this.t('shareWith')}</label>
        <input
          id="share"
          type="text"
          role="combobox"
          required
          autocomplete="off"
          aria-autocomplete="list"
          aria-controls="people"
          aria-expanded=${open ? 'true' : 'false'}
          aria-activedescendant=${open && this.activePerson >= 0 ? `person-${this.activePerson}` : nothing}
          @input=${this.handleShareInput}
          @keydown=${this.handleShareKey}
          @blur=${() => (this.people = [])}
        />
        <ul id="people" role="listbox" aria-label=${this.t('shareWith')} ?hidden=${!open} @mousedown=${(e: Event) => e.preventDefault()}>
          ${this.people.map(
            (
              p,
              i,
            ) => html`<li id="person-${i}" role="option" aria-selected=${i === this.activePerson ? 'true' : 'false'} @click=${() => this.pickPerson(p)}>
              ${inert(p.name)} <span class="muted">${inert(p.email)}</span>
            </li>`,
          )}
        </ul>
      </div>
      <button>${this.t('addPerson')}</button>
    </form>`;
  }

  private renderTime(t: TicketDetail) {
    if (!this.portal?.timesheets || !this.time) return nothing;
    const today = new Date().toISOString().slice(0, 10);
    return html`<section aria-labelledby="time-h">
      <h3 id="time-h">${this.t('time')}</h3>
      ${
        this.time.items.length === 0
          ? html`<p class="muted">${this.t('noTime')}</p>`
          : html`<ul>
            ${this.time.items.map(
              (e) => html`<li>
                <strong>${formatMinutes(e.minutes)}</strong> <span>${this.date(e.date)}</span> <span class="muted">${inert(e.user.name)}</span>
                <span class="text">${inert(e.note)}</span>
              </li>`,
            )}
          </ul>`
      }
      <p>${this.t('timeTotal', { total: formatMinutes(this.time.totalMinutes) })}</p>
      ${
        t.canManage
          ? html`<form class="time-form" @submit=${this.handleTime}>
            <div><label for="t-min">${this.t('minutes')}</label><input id="t-min" name="minutes" type="number" min="1" max="1440" required /></div>
            <div><label for="t-date">${this.t('date')}</label><input id="t-date" name="date" type="date" required .value=${today} /></div>
            <div><label for="t-note">${this.t('note')}</label><input id="t-note" name="note" maxlength="1000" /></div>
            <button ?disabled=${this.logging}>${this.t('logTime')}</button>
          </form>`
          : nothing
      }
      ${this.timeError ? html`<p class="error" role="alert">${this.timeError}</p>` : nothing}
    </section>`;
  }

  /** Sends the rating picked (good or bad) with the comment, if any. */
  private async handleRate(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.rating || this.busy) return;
    const comment = (this.renderRoot.querySelector('#rate-comment') as HTMLTextAreaElement | null)?.value ?? '';
    this.busy = true;
    this.rateError = '';
    try {
      this.ticket = await this.api!.rate(this.ticketId, this.rating, comment);
    } catch (err) {
      this.rateError = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Satisfaction: where the portal asks, a closed or resolved ticket invites
   * its requester and followers to rate it (good or bad, a comment), once;
   * the rating given is shown after.
   */
  private renderRating(t: TicketDetail) {
    if (t.rating) {
      const rating = this.t(`rate.${t.rating.rating}`);
      return html`<section class="rating done" aria-labelledby="rate-h">
        <h3 id="rate-h" class="sr-only">${this.t('rateTitle')}</h3>
        ${icon(t.rating.rating)}
        <p>${this.t('rated', { rating })}${t.rating.comment ? html`<br /><span class="text muted">${inert(t.rating.comment)}</span>` : nothing}</p>
      </section>`;
    }
    const closed = isClosed(t.status);
    if (!this.portal?.satisfaction || !closed || !t.canManage) return nothing;
    return html`<form class="rating" aria-labelledby="rate-h" @submit=${this.handleRate}>
      <h3 id="rate-h">${this.t('rateTitle')}</h3>
      <div class="row" role="group" aria-labelledby="rate-h">
        ${(['good', 'bad'] as const).map(
          (
            r,
          ) => html`<button type="button" class="choice ${r}" aria-pressed=${this.rating === r ? 'true' : 'false'} @click=${() => (this.rating = r)}>
            ${icon(r)} ${this.t(`rate.${r}`)}
          </button>`,
        )}
      </div>
      ${
        this.rating
          ? html`<label for="rate-comment">${this.t('rateComment')}</label>
            <textarea id="rate-comment" maxlength="2000"></textarea>
            <button class="primary" ?disabled=${this.busy}>${this.t('rateSend')}</button>`
          : nothing
      }
      ${this.rateError ? html`<p class="error" role="alert">${this.rateError}</p>` : nothing}
    </form>`;
  }

  /** Takes the customer to the reply box, however long the conversation above it. */
  private handleReply(): void {
    this.renderRoot.querySelector('tp-conversation')?.focusReply();
  }

  /**
   * The conversation first and central (the description opens it); beside
   * it on a wide screen, below it on a narrow one, the properties, files,
   * people and time. The width decides (a container query), not the device:
   * the embedded panel is narrow on any screen.
   */
  override render() {
    const back = html`<button class="back" @click=${() => this.go({ name: 'list' })}>${icon('back')}${this.t('back')}</button>`;
    if (this.error && !this.ticket) {
      return html`${back}
        <div class="state">
          <p class="error" role="alert">${this.error}</p>
          <button @click=${() => this.load()}>${this.t('retry')}</button>
        </div>`;
    }
    const t = this.ticket;
    if (!t) return html`${back}${skeleton(this.t('loading'))}`;
    const closed = isClosed(t.status);
    return html`${back}
      <article aria-labelledby="title">
        <div class="top">
          <h2 id="title">${inert(t.title)}</h2>
          ${this.statusBadge(t.status)} ${this.priorityLabel(t.priority)}
          <span class="muted">#${t.number} · ${t.type.name}</span>
          ${t.private ? html`<span class="badge">${icon('private')} ${this.t('private')}</span>` : nothing}
          <span class="actions">
            <button class="primary" @click=${this.handleReply}>${icon('send')} ${this.t('replyNow')}</button>
            ${
              t.canManage
                ? html`<button @click=${this.handleStatus} ?disabled=${this.busy}>${closed ? this.t('reopen') : this.t('closeTicket')}</button>`
                : nothing
            }
          </span>
        </div>
        ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <div class="columns">
          <section class="main" aria-labelledby="conv-h">
            <h3 id="conv-h" class="sr-only">${this.t('conversation')}</h3>
            <p class="muted">
              ${this.t('created', { date: this.date(t.createdAt, true) })} · ${this.t('requester')}: ${inert(t.requester.name)}
            </p>
            ${this.renderRating(t)}
            ${t.description ? html`<p class="text description">${inert(t.description)}</p>` : nothing}
            <tp-conversation .ticketId=${t.id}></tp-conversation>
          </section>
          <aside aria-label=${this.t('details')}>
            <section aria-labelledby="props-h">
              <h3 id="props-h">${this.t('details')}</h3>
              <dl>
                ${
                  t.properties.some((p) => p.property === 'assignee')
                    ? nothing
                    : html`<dt>${this.t('assignee')}</dt>
                      <dd>${t.assignee ? inert(t.assignee.name) : this.t('unassigned')}</dd>`
                }
                ${t.properties.map((p) => (p.editable ? this.editor(p) : html`<dt>${p.label}</dt><dd>${this.display(p)}</dd>`))}
              </dl>
            </section>
            ${
              t.attachments.length
                ? html`<section aria-labelledby="files-h">
                  <h3 id="files-h">${this.t('attachments')}</h3>
                  ${
                    this.api
                      ? attachmentList(
                          this.api,
                          t.attachments,
                          (name) => this.t('download', { name }),
                          () => this.requestUpdate(),
                        )
                      : nothing
                  }
                </section>`
                : nothing
            }
            ${this.renderFollowers(t)} ${this.renderTime(t)}
          </aside>
        </div>
      </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-detail': TpTicketDetail;
  }
}
