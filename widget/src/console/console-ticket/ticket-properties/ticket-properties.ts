import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { MessageKey } from '../../../i18n/strings.js';
import { inert } from '../../../shared/tp-element.js';
import type { AdminTicket, AdminUser, CustomField, Project, TicketPatch, TicketType } from '../ticket-api.js';
import { TicketElement, TpTicketChangedEvent } from '../ticket-element.js';

const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/**
 * The ticket's properties, each changed in place and saved at once: status,
 * priority, assignee, type, project and every custom field of its type.
 *
 * @summary Status, priority, assignee, type, project, custom fields.
 * @fires tp-ticket-changed - A property was saved (the ticket as it now is).
 */
export class TpTicketProperties extends TicketElement {
  static override styles = [
    ...TicketElement.styles,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0 12px;
      }
      label {
        margin-top: 6px;
      }
      input[type='checkbox'] {
        margin-right: 6px;
      }
      .check {
        display: flex;
        align-items: center;
        font-weight: 600;
      }
    `,
  ];

  @state() private staff: AdminUser[] = [];
  @state() private types: TicketType[] = [];
  @state() private projects: Project[] = [];
  @state() private fields: CustomField[] = [];
  @state() private error = '';
  @state() private saved = '';
  /** Bumped when a change is refused: the controls are drawn afresh with the stored values. */
  @state() private generation = 0;

  /** The ticket whose properties to show. */
  @property({ attribute: false }) ticket?: AdminTicket;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api) void this.loadCatalog();
  }

  private async loadCatalog(): Promise<void> {
    const api = this.ticketApi;
    try {
      const [agents, admins, types, projects, fields] = await Promise.all([
        api.users({ role: 'agent', active: true }),
        api.users({ role: 'admin', active: true }),
        api.ticketTypes(),
        api.projects(),
        api.customFields(),
      ]);
      this.staff = [...agents.items, ...admins.items].sort((a, b) => a.name.localeCompare(b.name));
      this.types = types.items;
      this.projects = projects.items;
      this.fields = fields.items;
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private async save(label: string, patch: TicketPatch): Promise<void> {
    if (!this.api || !this.ticket) return;
    const api = this.ticketApi;
    this.error = '';
    this.saved = '';
    try {
      const ticket = await api.update(this.ticket.id, patch);
      this.saved = this.tt('saved', { field: label });
      this.dispatchEvent(new TpTicketChangedEvent(ticket));
    } catch (err) {
      this.error = `${label}: ${this.failure(err)}`;
      // Show the stored values again (a refused choice stays in a control otherwise).
      this.generation += 1;
    }
  }

  private value(e: Event): string {
    return (e.target as HTMLSelectElement | HTMLInputElement).value;
  }

  private customValue(field: CustomField, e: Event): unknown {
    const input = e.target as HTMLInputElement;
    if (field.type === 'checkbox') return input.checked;
    if (input.value === '') return null;
    if (field.type === 'number' || field.type === 'percent') return Number(input.value);
    return input.value;
  }

  private renderCustom(field: CustomField, ticket: AdminTicket) {
    const id = `custom-${field.key}`;
    const value = ticket.custom[field.key];
    const label = inert(field.label);
    const change = (e: Event) => this.save(label, { custom: { [field.key]: this.customValue(field, e) } });
    switch (field.type) {
      case 'checkbox':
        return html`<label class="check"><input id=${id} type="checkbox" .checked=${value === true} @change=${change} />${label}</label>`;
      case 'select':
        return html`<label for=${id}>${label}</label>
          <select id=${id} @change=${change}>
            <option value="" ?selected=${value == null}>${this.tt('notSet')}</option>
            ${(field.options ?? []).map((o) => html`<option value=${o} ?selected=${value === o}>${inert(o)}</option>`)}
          </select>`;
      default: {
        const type =
          field.type === 'number' || field.type === 'percent' ? 'number' : field.type === 'date' ? 'date' : 'text';
        return html`<label for=${id}>${label}</label>
          <input id=${id} type=${type} .value=${value == null ? '' : String(value)} @change=${change} />`;
      }
    }
  }

  override render() {
    const ticket = this.ticket;
    if (!ticket) return nothing;
    const fields = this.fields.filter((f) => f.typeIds === null || f.typeIds.includes(ticket.type.id));
    const staff =
      ticket.assignee && !this.staff.some((s) => s.id === ticket.assignee!.id)
        ? [...this.staff, { ...ticket.assignee }]
        : this.staff;
    return html`${keyed(
      this.generation,
      html`<div class="grid">
      <label for="status">${this.tt('status')}</label>
      <select id="status" @change=${(e: Event) => this.save(this.tt('status'), { status: this.value(e) })}>
        ${STATUSES.map((s) => html`<option value=${s} ?selected=${ticket.status === s}>${this.t(`status.${s}` as MessageKey)}</option>`)}
      </select>
      <label for="priority">${this.tt('priority')}</label>
      <select id="priority" @change=${(e: Event) => this.save(this.tt('priority'), { priority: this.value(e) })}>
        ${PRIORITIES.map((p) => html`<option value=${p} ?selected=${ticket.priority === p}>${this.t(`priority.${p}` as MessageKey)}</option>`)}
      </select>
      <label for="assignee">${this.tt('assignee')}</label>
      <select id="assignee" @change=${(e: Event) => this.save(this.tt('assignee'), { assigneeId: this.value(e) || null })}>
        <option value="" ?selected=${!ticket.assignee}>${this.tt('unassigned')}</option>
        ${staff.map((s) => html`<option value=${s.id} ?selected=${ticket.assignee?.id === s.id}>${inert(s.name)}</option>`)}
      </select>
      <label for="type">${this.tt('type')}</label>
      <select id="type" @change=${(e: Event) => this.save(this.tt('type'), { typeId: this.value(e) })}>
        ${(this.types.length ? this.types : [ticket.type]).map(
          (ty) => html`<option value=${ty.id} ?selected=${ticket.type.id === ty.id}>${inert(ty.name)}</option>`,
        )}
      </select>
      <label for="project">${this.tt('project')}</label>
      <select id="project" @change=${(e: Event) => this.save(this.tt('project'), { projectId: this.value(e) || null })}>
        <option value="" ?selected=${!ticket.project}>${this.tt('noProject')}</option>
        ${(this.projects.length ? this.projects : ticket.project ? [ticket.project] : []).map(
          (p) => html`<option value=${p.id} ?selected=${ticket.project?.id === p.id}>${inert(p.name)}</option>`,
        )}
      </select>
      ${fields.map((f) => this.renderCustom(f, ticket))}
    </div>`,
    )}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    <p class="muted" role="status">${this.saved}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-properties': TpTicketProperties;
  }
}
