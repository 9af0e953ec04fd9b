import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError } from '../../../api/client.js';
import { icon } from '../../../shared/icons.js';
import { inert } from '../../../shared/tp-element.js';
import type { AdminPortalConfig } from '../settings-api.js';
import { PortalTabElement } from '../settings-element.js';
import formStyles from '../settings-portals/settings-form.styles.js';
import { customFields, type CustomField } from './portal-properties-api.js';
import styles from './portal-properties.styles.js';
import { propertiesText, type PropertiesKey } from './portal-properties-strings.js';

type Row = AdminPortalConfig['detailProperties'][number];

/** Standard properties in the server's order (tickets/ticket-fields.ts STANDARD_PROPERTIES). */
const STANDARD = [
  'status',
  'priority',
  'type',
  'project',
  'assignee',
  'requester',
  'created_at',
  'updated_at',
  'percent_complete',
  'due_date',
] as const;
type Standard = (typeof STANDARD)[number];
/** The standard properties customers may ever edit (EDITABLE_STANDARD there); custom fields all may be. */
const EDITABLE: readonly string[] = ['priority', 'percent_complete', 'due_date'];
const canEdit = (property: string) => property.startsWith('custom:') || EDITABLE.includes(property);

/**
 * The detail panel: the ordered properties customers see on a ticket, each
 * read only or editable (where the server allows it). Rows move by drag and
 * drop, by their arrow buttons, or by Alt+↑/↓ anywhere in the row; each move
 * is announced. "Add another property" offers what is not listed yet; the X
 * under Actions removes one. Saved with the Save button.
 *
 * @summary A portal's detail panel properties.
 */
export class TpPortalProperties extends PortalTabElement {
  static override styles = [...PortalTabElement.styles, formStyles, styles];

  @state() private rows: Row[] = [];
  @state() private fields: CustomField[] | null = null;
  @state() private fieldsError = '';
  /** What the last move, addition or removal did, for screen readers. */
  @state() private announcement = '';
  @state() private dragging: number | null = null;
  @state() private over: number | null = null;
  @state() private adding = '';

  private r(key: PropertiesKey, params?: Record<string, string | number>): string {
    return propertiesText(this.session.locale, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('record') && this.record)
      this.rows = this.record.config.detailProperties.map((row) => ({ ...row }));
    if (changed.has('api') && this.api) void this.loadFields();
  }

  private async loadFields(): Promise<void> {
    if (!this.api) return;
    this.fieldsError = '';
    try {
      this.fields = await customFields(this.api);
    } catch (err) {
      this.fieldsError = this.consoleFailure(err);
    }
  }

  /** A property's readable name: the widget's for standard ones, the admin's label for custom fields. */
  private label(property: string): string {
    if (!property.startsWith('custom:')) return this.r(`std.${property as Standard}`);
    const key = property.slice('custom:'.length);
    return this.fields?.find((f) => f.key === key)?.label ?? key;
  }

  /** The server names the row at fault (`detailProperties.3.editable`): say which property. */
  protected override consoleFailure(err: unknown): string {
    const text = super.consoleFailure(err);
    const index = err instanceof ApiError ? /^detailProperties\.(\d+)/.exec(err.field ?? '')?.[1] : undefined;
    const row = index === undefined ? undefined : this.rows[Number(index)];
    return row ? `${this.label(row.property)}: ${text}` : text;
  }

  private changed(rows: Row[], announcement: string): void {
    this.rows = rows;
    this.announcement = announcement;
    this.saved = false;
  }

  private move(from: number, to: number): void {
    const rows = [...this.rows];
    if (to < 0 || to >= rows.length || from === to) return;
    const [row] = rows.splice(from, 1);
    rows.splice(to, 0, row!);
    this.changed(rows, this.r('moved', { name: this.label(row!.property), position: to + 1, count: rows.length }));
  }

  /** Moves by a button or key and keeps the focus on the same control of the moved row. */
  private async step(index: number, by: -1 | 1, control: string): Promise<void> {
    const property = this.rows[index]?.property;
    this.move(index, index + by);
    await this.updateComplete;
    const row = this.renderRoot.querySelector(`tr[data-property="${property}"]`);
    const target = row?.querySelector<HTMLElement>(`[data-control="${control}"]:not(:disabled)`);
    (target ?? row?.querySelector<HTMLElement>('button:not(:disabled)'))?.focus();
  }

  private handleKey(e: KeyboardEvent, index: number): void {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const control = (e.target as HTMLElement).dataset.control ?? 'up';
    void this.step(index, e.key === 'ArrowUp' ? -1 : 1, control);
  }

  private removeRow(index: number): void {
    const row = this.rows[index]!;
    this.changed(
      this.rows.filter((_, i) => i !== index),
      this.r('removed', { name: this.label(row.property) }),
    );
    // The focus would be lost with the row: the next row's remove button, or the property select.
    void this.updateComplete.then(() => {
      const buttons = this.renderRoot.querySelectorAll<HTMLElement>('[data-control="remove"]');
      (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('#add'))?.focus();
    });
  }

  private add(): void {
    const property = this.adding;
    if (!property) return;
    this.adding = '';
    this.changed([...this.rows, { property, editable: false }], this.r('added', { name: this.label(property) }));
  }

  private setEditable(index: number, editable: boolean): void {
    this.rows = this.rows.map((row, i) => (i === index ? { ...row, editable } : row));
    this.saved = false;
  }

  // Drag and drop: the row dragged, the row it is over (marked), the drop moves it there.
  private handleDragStart(e: DragEvent, index: number): void {
    this.dragging = index;
    e.dataTransfer?.setData('text/plain', this.rows[index]!.property);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  private handleDragOver(e: DragEvent, index: number): void {
    if (this.dragging === null) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    this.over = index;
  }

  private handleDrop(e: DragEvent, index: number): void {
    e.preventDefault();
    if (this.dragging !== null) this.move(this.dragging, index);
    this.dragging = this.over = null;
  }

  private handleDragEnd(): void {
    this.dragging = this.over = null;
  }

  private renderRow(row: Row, index: number) {
    const name = this.label(row.property);
    const last = this.rows.length - 1;
    return html`<tr
      data-property=${row.property}
      draggable="true"
      class=${index === this.dragging ? 'dragging' : index === this.over ? 'over' : ''}
      @dragstart=${(e: DragEvent) => this.handleDragStart(e, index)}
      @dragover=${(e: DragEvent) => this.handleDragOver(e, index)}
      @drop=${(e: DragEvent) => this.handleDrop(e, index)}
      @dragend=${this.handleDragEnd}
      @keydown=${(e: KeyboardEvent) => this.handleKey(e, index)}
    >
      <td><span class="grip" aria-hidden="true">⠿</span> ${inert(name)}</td>
      <td>
        ${
          canEdit(row.property)
            ? html`<input
              type="checkbox"
              data-control="editable"
              aria-label=${this.r('editableOf', { name })}
              .checked=${row.editable}
              @change=${(e: Event) => this.setEditable(index, (e.target as HTMLInputElement).checked)}
            />`
            : html`<span class="muted">${this.r('readOnly')}</span>`
        }
      </td>
      <td class="actions">
        <button
          type="button"
          class="icon-only"
          data-control="up"
          aria-label=${this.r('up', { name })}
          ?disabled=${index === 0}
          @click=${() => this.step(index, -1, 'up')}
        >
          ${icon('up')}
        </button>
        <button
          type="button"
          class="icon-only"
          data-control="down"
          aria-label=${this.r('down', { name })}
          ?disabled=${index === last}
          @click=${() => this.step(index, 1, 'down')}
        >
          ${icon('down')}
        </button>
        <button
          type="button"
          class="icon-only"
          data-control="remove"
          aria-label=${this.r('remove', { name })}
          @click=${() => this.removeRow(index)}
        >
          ${icon('close')}
        </button>
      </td>
    </tr>`;
  }

  private renderAdd() {
    if (this.fieldsError)
      return html`<p class="error" role="alert">${this.fieldsError}</p>
        <button type="button" @click=${() => this.loadFields()}>${this.st('retry')}</button>`;
    if (!this.fields) return html`<p role="status">${this.r('loadingFields')}</p>`;
    const listed = new Set(this.rows.map((r) => r.property));
    const standard = STANDARD.filter((p) => !listed.has(p));
    const custom = this.fields.map((f) => `custom:${f.key}`).filter((p) => !listed.has(p));
    if (standard.length + custom.length === 0) return html`<p class="hint">${this.r('allListed')}</p>`;
    const option = (p: string) =>
      html`<option value=${p} ?selected=${p === this.adding}>${inert(this.label(p))}</option>`;
    return html`<label for="add">${this.r('add')}</label>
      <div class="row">
        <select id="add" @change=${(e: Event) => (this.adding = (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.adding}>${this.r('choose')}</option>
          ${standard.length ? html`<optgroup label=${this.r('standard')}>${standard.map(option)}</optgroup>` : nothing}
          ${custom.length ? html`<optgroup label=${this.r('custom')}>${custom.map(option)}</optgroup>` : nothing}
        </select>
        <button type="button" ?disabled=${!this.adding} @click=${this.add}>${this.r('addButton')}</button>
      </div>`;
  }

  override render() {
    if (!this.record) return nothing;
    return html`<form @submit=${(e: SubmitEvent) => (e.preventDefault(), void this.save({ detailProperties: this.rows }))}>
      <h3>${this.st('tab.properties')}</h3>
      <p class="hint">${this.r('intro')}</p>
      ${
        this.rows.length
          ? html`<table>
            <thead>
              <tr>
                <th scope="col">${this.r('property')}</th>
                <th scope="col">${this.r('editable')}</th>
                <th scope="col">${this.r('actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${repeat(
                this.rows,
                (row) => row.property,
                (row, i) => this.renderRow(row, i),
              )}
            </tbody>
          </table>`
          : html`<p class="warning">${this.r('none')}</p>`
      }
      <p class="sr-only" role="status">${this.announcement}</p>
      <div class="add">${this.renderAdd()}</div>
      <div class="save">
        <button class="primary" ?disabled=${this.saving}>${this.r('save')}</button>
        ${this.renderSaveState()}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-properties': TpPortalProperties;
  }
}
