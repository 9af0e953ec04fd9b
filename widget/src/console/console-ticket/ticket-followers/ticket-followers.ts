import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { inert } from '../../../shared/tp-element.js';
import type { AdminUser, StaffFollower } from '../ticket-api.js';
import { TpTicketChangedEvent } from '../ticket-element.js';
import { TicketPart } from '../ticket-part.js';

/**
 * Who follows the ticket (they hear of every update), with add (search by name
 * or email, any user) and remove.
 *
 * @summary The ticket's followers.
 * @fires tp-ticket-changed - A follower was added or removed.
 */
export class TpTicketFollowers extends TicketPart {
  static override styles = [
    ...TicketPart.styles,
    css`
      ul {
        margin-bottom: 8px;
      }
      li {
        display: flex;
        align-items: center;
        gap: 6px;
        justify-content: space-between;
        padding: 2px 0;
        overflow-wrap: anywhere;
      }
      .results li button {
        width: 100%;
        text-align: start;
      }
      form {
        display: flex;
        gap: 6px;
      }
    `,
  ];

  @query('#follower-q') private search?: HTMLInputElement;

  @state() private followers: StaffFollower[] = [];
  @state() private results: AdminUser[] | null = null;
  @state() private announce = '';

  protected override async fetchPart(): Promise<void> {
    this.followers = (await this.ticketApi.followers(this.ticketId)).items;
  }

  private async handleSearch(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const q = this.search?.value.trim() ?? '';
    if (!q) return;
    try {
      const page = await this.ticketApi.users({ q });
      this.results = page.items.filter((u) => !this.followers.some((f) => f.id === u.id));
      this.error = '';
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private async addOne(user: AdminUser): Promise<void> {
    try {
      this.followers = (await this.ticketApi.addFollower(this.ticketId, user.id)).items;
      this.results = null;
      if (this.search) this.search.value = '';
      this.announce = inert(user.name);
      this.search?.focus();
      this.dispatchEvent(new TpTicketChangedEvent());
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private async removeOne(follower: StaffFollower): Promise<void> {
    try {
      this.followers = (await this.ticketApi.removeFollower(this.ticketId, follower.id)).items;
      this.announce = '';
      this.search?.focus();
      this.dispatchEvent(new TpTicketChangedEvent());
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  override render() {
    if (!this.loaded) return html`<p role="status" class="muted">${this.t('loading')}</p>`;
    return html`${
      this.followers.length === 0
        ? html`<p class="muted">${this.tt('noFollowers')}</p>`
        : html`<ul class="followers">
            ${this.followers.map(
              (f) => html`<li>
                <span>${inert(f.name)} <span class="muted">${f.role === 'customer' ? inert(f.email) : this.tt('staffRole')}</span></span>
                <button class="link" aria-label=${this.tt('removeFollower', { name: inert(f.name) })} @click=${() => this.removeOne(f)}>✕</button>
              </li>`,
            )}
          </ul>`
    }
      <form role="search" @submit=${this.handleSearch}>
        <label class="sr-only" for="follower-q">${this.tt('addFollower')}</label>
        <input id="follower-q" type="search" placeholder=${this.tt('searchPeople')} autocomplete="off" />
        <button>${this.tt('add')}</button>
      </form>
      ${
        this.results
          ? this.results.length === 0
            ? html`<p class="muted">${this.tt('noPeople')}</p>`
            : html`<ul class="results">
              ${this.results.map((u) => html`<li><button @click=${() => this.addOne(u)}>${inert(u.name)} · ${inert(u.email)}</button></li>`)}
            </ul>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p class="sr-only" role="status">${this.announce}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-followers': TpTicketFollowers;
  }
}
