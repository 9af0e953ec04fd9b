import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { formatRelative } from '../../../i18n/strings.js';
import { inert } from '../../../shared/tp-element.js';
import { AdminElement } from '../../admin-kit/admin-kit.js';
import type { AdminUser } from '../../console-api.js';
import { auditApi, TARGET_TYPES, type AuditEvent } from './settings-audit-api.js';
import { auditText, type AuditKey } from './settings-audit-strings.js';

/** A change's key in words: `branding.light.mainColor` → "light main color" (the config's wrappers left out). */
const keyWords = (key: string) =>
  key
    .split('.')
    .filter((part) => part !== 'config' && part !== 'branding')
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

/** The sentence for each last word of an action. */
const VERBS: Record<string, AuditKey> = {
  create: 'created',
  update: 'updated',
  role_change: 'updated',
  delete: 'deleted',
  add: 'added',
  remove: 'removed',
  upload: 'uploaded',
  deactivate: 'deactivated',
  reactivate: 'reactivated',
};

/**
 * The audit log (issue 11): every settings change, newest first, as a
 * sentence ("Ada Admin changed Acme Support: main color #2563eb → #c2410c"),
 * when (relative, the exact time on hover), filtered by kind of target and by
 * person; "Load more" follows the server's cursor.
 *
 * @summary The admins' audit log page.
 */
export class TpSettingsAudit extends AdminElement {
  static override styles = [
    ...AdminElement.styles,
    css`
      .filters {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 8px 16px;
        margin-bottom: 12px;
      }
      .filters label {
        margin-top: 0;
      }
      ul.ruled li {
        display: block;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 2px 12px;
        margin: 0;
      }
      ul.changes li {
        border: 0;
      }
      ul.changes {
        margin: 2px 0 0;
        padding-left: 20px;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @state() private events: AuditEvent[] | null = null;
  @state() private cursor: string | null = null;
  @state() private error = '';
  @state() private staff: AdminUser[] = [];
  @state() private targetType = '';
  @state() private actorId = '';
  private request = 0;

  private at(key: AuditKey, params?: Record<string, string | number>): string {
    return auditText(this.session.locale, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api) {
      void this.load(false);
      void this.loadStaff();
    }
  }

  /** Admins and agents, for the person filter (customers change no settings). */
  private async loadStaff(): Promise<void> {
    const api = this.consoleApi;
    if (!api) return;
    const [admins, agents] = await Promise.all([
      api.users({ role: 'admin', limit: '100' }),
      api.users({ role: 'agent', limit: '100' }),
    ]).catch(() => [{ items: [] }, { items: [] }]);
    this.staff = [...admins.items, ...agents.items].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async load(more: boolean): Promise<void> {
    if (!this.api) return;
    const request = ++this.request;
    this.error = '';
    if (!more) this.events = null;
    try {
      const page = await auditApi(this.api).list({
        targetType: this.targetType,
        actorId: this.actorId,
        cursor: more ? this.cursor : null,
      });
      if (request !== this.request) return;
      this.events = more ? [...(this.events ?? []), ...page.items] : page.items;
      this.cursor = page.nextCursor;
    } catch (err) {
      if (request === this.request) this.error = this.failure(err);
    }
  }

  private value(v: unknown): string {
    if (v === null || v === undefined || v === '') return this.at('nothingValue');
    if (typeof v === 'boolean') return this.at(v ? 'yes' : 'no');
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return inert(text.length > 120 ? `${text.slice(0, 119)}…` : text);
  }

  private sentence(e: AuditEvent): string {
    // The action's last word says what happened (`portal.update`, `project.follower.add`, `user.role_change`).
    const verb = e.action.split('.').pop() ?? '';
    const key = VERBS[verb] ?? 'other';
    return this.at(key, {
      actor: inert(e.actor.name || this.at('someone')),
      target: inert(e.target.label || e.target.id),
      action: e.action,
    });
  }

  private renderEvent(e: AuditEvent) {
    const changes = Object.entries(e.changes);
    const type = this.at(`type.${e.target.type}`);
    return html`<li>
      <p class="head">
        <span><span class="tag">${type}</span> <strong>${this.sentence(e)}</strong></span>
        <time class="sub" datetime=${e.at} title=${this.date(e.at, true)}>${formatRelative(this.session.locale, e.at)}</time>
      </p>
      ${
        changes.length
          ? html`<ul class="changes">
            ${changes.map(
              ([k, { before, after }]) => html`<li>${keyWords(k)}: ${this.value(before)} → ${this.value(after)}</li>`,
            )}
          </ul>`
          : nothing
      }
    </li>`;
  }

  private filter(which: 'targetType' | 'actorId', e: Event): void {
    this[which] = (e.target as HTMLSelectElement).value;
    void this.load(false);
  }

  private renderLog() {
    if (this.error)
      return html`<div role="alert"><p class="error">${this.error}</p><button type="button" @click=${() => this.load(false)}>${this.ct('retry')}</button></div>`;
    const events = this.events;
    if (!events) return html`<p class="muted" role="status">${this.at('loading')}</p>`;
    if (!events.length)
      return html`<p class="muted" role="status">${this.at(this.targetType || this.actorId ? 'noneMatch' : 'none')}</p>`;
    return html`<ul class="ruled" aria-label=${this.at('title')}>
        ${events.map((e) => this.renderEvent(e))}
      </ul>
      ${this.cursor ? html`<p><button type="button" @click=${() => this.load(true)}>${this.ct('loadMore')}</button></p>` : nothing}`;
  }

  override render() {
    return html`<h2>${this.at('title')}</h2>
      <div class="filters">
        <div>
          <label for="audit-type">${this.at('targetFilter')}</label>
          <select id="audit-type" @change=${(e: Event) => this.filter('targetType', e)}>
            <option value="">${this.at('anything')}</option>
            ${TARGET_TYPES.map((t) => html`<option value=${t} ?selected=${t === this.targetType}>${this.at(`type.${t}`)}</option>`)}
          </select>
        </div>
        <div>
          <label for="audit-actor">${this.at('actorFilter')}</label>
          <select id="audit-actor" @change=${(e: Event) => this.filter('actorId', e)}>
            <option value="">${this.at('anyone')}</option>
            ${this.staff.map((u) => html`<option value=${u.id} ?selected=${u.id === this.actorId}>${inert(u.name)}</option>`)}
          </select>
        </div>
      </div>
      ${this.renderLog()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-settings-audit': TpSettingsAudit;
  }
}
