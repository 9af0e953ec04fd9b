import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { ApiError } from '../api/client.js';
import type { CustomField } from '../api/types.js';
import { FilePicker, filePickerStyles } from '../file-picker/file-picker.js';
import type { MessageKey } from '../i18n/strings.js';
import { TpTicketCreatedEvent } from '../shared/events.js';
import { icon } from '../shared/icons.js';
import { TpElement } from '../shared/tp-element.js';
import styles from './ticket-create.styles.js';

/**
 * The form to open a ticket: request type, title, description, priority
 * (where the portal lets customers choose), the type's custom fields,
 * private or shared, and attachments.
 *
 * @summary Create a ticket.
 * @fires tp-ticket-created - The ticket was created.
 */
export class TpTicketCreate extends TpElement {
  static override styles = [...TpElement.styles, filePickerStyles, styles];

  @query('form') private form?: HTMLFormElement;

  @state() private typeId = '';
  @state() private errors: Record<string, string> = {};
  @state() private error = '';
  @state() private busy = false;
  /** The ticket's attachments: chosen, dropped on the form or pasted in the description. */
  private picker = new FilePicker(this, () => ({
    attach: this.t('attach'),
    tooLarge: (name: string) => this.t('tooLarge', { name }),
    remove: (name: string) => this.t('remove', { name }),
    uploading: (name: string) => this.t('uploading', { name }),
    max: this.portal?.maxUploadBytes ?? 0,
  }));

  /** One key per filled form, so a retry after a lost answer cannot create a second ticket. */
  private idempotencyKey = crypto.randomUUID();

  private fields(): CustomField[] {
    const typeId = this.typeId || this.portal?.types[0]?.id || '';
    return (this.portal?.customFields ?? []).filter((f) => f.typeIds === null || f.typeIds.includes(typeId));
  }

  private customValue(f: CustomField, el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): unknown {
    if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked;
    if (el.value === '') return undefined;
    if (f.type === 'number' || f.type === 'percent') return Number(el.value);
    return el.value;
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = this.form!;
    const get = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    const errors: Record<string, string> = {};
    const title = get('title')!.value.trim();
    if (!title) errors.title = this.t('required');
    const custom: Record<string, unknown> = {};
    for (const f of this.fields()) {
      const value = this.customValue(f, get(`custom.${f.key}`)!);
      if (value === undefined || (f.type === 'checkbox' && value === false && f.required)) {
        if (f.required) errors[`custom.${f.key}`] = this.t('required');
      } else custom[f.key] = value;
    }
    this.errors = errors;
    const first = Object.keys(errors)[0];
    if (first) {
      get(first)?.focus();
      return;
    }
    const body: Record<string, unknown> = {
      typeId: get('typeId')!.value,
      title,
      description: (form.elements.namedItem('description') as HTMLTextAreaElement).value,
      custom,
      private: (form.elements.namedItem('sharing') as RadioNodeList).value === 'private',
    };
    if (this.portal?.customerSetsPriority) body.priority = get('priority')!.value;
    // A file over the limit is said before anything is created.
    this.picker.take(get('files'));
    if (this.picker.problem) return;
    this.busy = true;
    this.error = '';
    try {
      const ticket = await this.client.createTicket(body, this.idempotencyKey);
      this.idempotencyKey = crypto.randomUUID();
      let notice = '';
      let name = '';
      try {
        await this.picker.uploadTo(this.client, ticket.id, (n) => (name = n));
        this.picker.clear();
      } catch (err) {
        // The ticket exists, so its page opens anyway, saying which file is missing and why; the customer may attach it there.
        const reason = err instanceof ApiError && err.status === 413 ? this.t('tooLarge', { name }) : this.failure(err);
        notice = this.t('createdNoFile', { name, reason });
      }
      this.dispatchEvent(new TpTicketCreatedEvent(ticket));
      this.go({ name: 'ticket', id: ticket.id, notice });
    } catch (err) {
      if (err instanceof ApiError && err.field && err.field !== 'body') {
        this.errors = { [err.field]: this.failure(err) };
        await this.updateComplete;
        get(err.field)?.focus();
      } else this.error = this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  private fieldError(name: string) {
    const msg = this.errors[name];
    return msg ? html`<p class="error" id="${name}-err" role="alert">${msg}</p>` : nothing;
  }

  private described(name: string) {
    return this.errors[name] ? `${name}-err` : nothing;
  }

  private customInput(f: CustomField) {
    const name = `custom.${f.key}`;
    const common = { id: name, described: this.described(name) };
    let control;
    switch (f.type) {
      case 'long_text':
        control = html`<textarea id=${common.id} name=${name} ?required=${f.required} aria-describedby=${common.described}></textarea>`;
        break;
      case 'select':
        control = html`<select id=${common.id} name=${name} ?required=${f.required} aria-describedby=${common.described}>
          <option value="">${this.t('none')}</option>
          ${(f.options ?? []).map((o) => html`<option value=${o}>${o}</option>`)}
        </select>`;
        break;
      case 'checkbox':
        return html`<div class="field">
          <label class="choice"><input type="checkbox" id=${common.id} name=${name} aria-describedby=${common.described} /> ${f.label}</label>
          ${this.fieldError(name)}
        </div>`;
      default: {
        const type = { number: 'number', percent: 'number', date: 'date' }[f.type as string] ?? 'text';
        control = html`<input
          id=${common.id}
          name=${name}
          type=${type}
          min=${f.type === 'percent' ? '0' : nothing}
          max=${f.type === 'percent' ? '100' : nothing}
          ?required=${f.required}
          aria-describedby=${common.described}
        />`;
      }
    }
    return html`<div class="field">
      <label for=${name}>${f.label}${f.required ? ' *' : ''}</label>${control}${this.fieldError(name)}
    </div>`;
  }

  override render() {
    const p = this.portal;
    if (!p) return nothing;
    return html`<button class="back" @click=${() => this.go({ name: 'list' })}>${icon('back')}${this.t('back')}</button>
      <h2>${this.t('newTicket')}</h2>
      <form
        class=${this.picker.dragging ? 'dropping' : ''}
        @submit=${this.handleSubmit}
        @dragenter=${this.picker.handleDrag}
        @dragover=${this.picker.handleDrag}
        @dragleave=${this.picker.handleDrag}
        @drop=${this.picker.handleDrop}
        novalidate
      >
        <div class="field">
          <label for="typeId">${this.t('requestType')}</label>
          <select id="typeId" name="typeId" @change=${(e: Event) => (this.typeId = (e.target as HTMLSelectElement).value)}>
            ${p.types.map((t) => html`<option value=${t.id} ?selected=${t.id === this.typeId}>${t.name}</option>`)}
          </select>
          ${this.fieldError('typeId')}
        </div>
        <div class="field">
          <label for="title">${this.t('title')} *</label>
          <input id="title" name="title" maxlength="200" required aria-describedby=${this.described('title')} />
          ${this.fieldError('title')}
        </div>
        <div class="field">
          <label for="description">${this.t('description')}</label>
          <textarea
            id="description"
            name="description"
            maxlength="20000"
            aria-describedby=${this.described('description')}
            @paste=${this.picker.handlePaste}
          ></textarea>
          ${this.fieldError('description')}
        </div>
        ${
          p.customerSetsPriority
            ? html`<div class="field">
              <label for="priority">${this.t('priority')}</label>
              <select id="priority" name="priority">
                ${p.priorities.map((o) => html`<option value=${o} ?selected=${o === 'medium'}>${this.t(`priority.${o}` as MessageKey)}</option>`)}
              </select>
              ${this.fieldError('priority')}
            </div>`
            : nothing
        }
        ${this.fields().map((f) => this.customInput(f))}
        <fieldset>
          <legend>${this.t('sharing')}</legend>
          <label class="choice"><input type="radio" name="sharing" value="shared" checked /> ${this.t('shared')}</label>
          <label class="choice"><input type="radio" name="sharing" value="private" /> ${this.t('privateChoice')}</label>
        </fieldset>
        <div class="field">${this.picker.renderButton()} ${this.picker.renderList()}</div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <button class="primary" ?disabled=${this.busy}>${this.t('submit')}</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-create': TpTicketCreate;
  }
}
