import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import { AdminElement } from './admin-kit.js';

/** Who was picked: a person or an organization. */
export interface Pick {
  kind: 'user' | 'organization';
  id: string;
  name: string;
}

/** Fired when the admin picks a result. */
export class TpPickEvent extends Event {
  static readonly eventName = 'tp-pick';
  constructor(readonly pick: Pick) {
    super(TpPickEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * A search for a person (and, with `organizations`, an organization) to add
 * somewhere: type a name or email, then press the result's Add button.
 *
 * @summary Search and pick people or organizations.
 * @fires tp-pick - With the chosen person or organization.
 */
export class TpPeoplePicker extends AdminElement {
  /** The search field's label. */
  @property() label = '';
  /** Only people of this role ('' for anyone). */
  @property({ attribute: 'only-role' }) onlyRole = '';
  /** Whether organizations are offered too. */
  @property({ type: Boolean }) organizations = false;
  /** Ids already there, left out of the results. */
  @property({ attribute: false }) exclude: string[] = [];

  @state() private results: (Pick & { sub: string })[] | null = null;
  @state() private error = '';
  private timer?: ReturnType<typeof setTimeout>;
  private request = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private handleInput(e: InputEvent): void {
    const q = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(q), 250);
  }

  private async search(q: string): Promise<void> {
    const api = this.consoleApi;
    const request = ++this.request;
    if (!api || !q) {
      this.results = null;
      return;
    }
    try {
      const [people, orgs] = await Promise.all([
        api.users({ q, role: this.onlyRole, limit: '8' }),
        this.organizations ? api.organizations({ q, limit: '5' }) : null,
      ]);
      if (request !== this.request) return;
      this.error = '';
      this.results = [
        ...people.items.map((p) => ({ kind: 'user' as const, id: p.id, name: p.name, sub: p.email })),
        ...(orgs?.items ?? []).map((o) => ({
          kind: 'organization' as const,
          id: o.id,
          name: o.name,
          sub: this.kt('pickOrg'),
        })),
      ].filter((r) => !this.exclude.includes(r.id));
    } catch (err) {
      if (request === this.request) this.error = this.failure(err);
    }
  }

  private pick(result: Pick): void {
    this.dispatchEvent(new TpPickEvent({ kind: result.kind, id: result.id, name: result.name }));
    this.results = this.results?.filter((r) => r.id !== result.id) ?? null;
  }

  override render() {
    return html`<label for="pick-q">${this.label}</label>
      <input id="pick-q" type="search" autocomplete="off" placeholder=${this.kt('pickSearch')} @input=${this.handleInput} />
      ${this.errorLine(this.error)}
      ${
        this.results === null
          ? nothing
          : this.results.length === 0
            ? html`<p class="muted" role="status">${this.kt('pickNone')}</p>`
            : html`<ul class="ruled" aria-label=${this.label}>
              ${this.results.map(
                (r) => html`<li>
                  <span class="grow">${inert(r.name)} <span class="sub">${r.sub}</span></span>
                  <button type="button" @click=${() => this.pick(r)}>${this.kt('pickAdd', { name: inert(r.name) })}</button>
                </li>`,
              )}
            </ul>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-people-picker': TpPeoplePicker;
  }
  interface HTMLElementEventMap {
    'tp-pick': TpPickEvent;
  }
}
