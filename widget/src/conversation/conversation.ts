import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError } from '../api/client.js';
import type { Message } from '../api/types.js';
import { changesContext, touches, type Changes } from '../context/changes-context.js';
import { FilePicker, filePickerStyles } from '../file-picker/file-picker.js';
import { formatRelative } from '../i18n/strings.js';
import { icon } from '../shared/icons.js';
import { richText } from '../shared/rich-text.js';
import { TpElement, inert } from '../shared/tp-element.js';
import { attachmentList, attachmentListStyles } from './attachment-list.js';
import styles from './conversation.styles.js';

/** Consecutive messages by one person closer than this read as one turn. */
const GROUP_MS = 10 * 60_000;

/**
 * The conversation of one ticket, oldest first, and the reply form with attachments.
 *
 * @summary Messages between the customer and the support team.
 */
export class TpConversation extends TpElement {
  static override styles = [...TpElement.styles, filePickerStyles, attachmentListStyles, styles];

  /** Live updates: a change to this ticket may be a new message; the list is fetched again in place. */
  @consume({ context: changesContext, subscribe: true })
  @state()
  private changes?: Changes;

  @query('form') private form?: HTMLFormElement;
  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('input[type=file]') private fileInput?: HTMLInputElement;

  @state() private messages: Message[] = [];
  @state() private loading = true;
  @state() private error = '';
  @state() private sendError = '';
  @state() private busy = false;
  /** The reply's attachments: chosen, dropped on the conversation or pasted in the box. */
  private picker = new FilePicker(this, () => this.pickerTexts());

  /** Id of the ticket whose conversation to show. */
  @property() ticketId = '';

  protected override updated(changed: PropertyValues): void {
    if ((changed.has('ticketId') || changed.has('api')) && this.api && this.ticketId) void this.load();
    else if (changed.has('changes') && !this.loading && touches(this.changes, this.ticketId)) void this.load(true);
  }

  /** Brings the reply box into view and puts the cursor in it. */
  focusReply(): void {
    this.textarea?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    this.textarea?.focus({ preventScroll: true });
  }

  /** Fetches the messages; `quiet` keeps the current ones on screen meanwhile (a live update). */
  private async load(quiet = false): Promise<void> {
    const id = this.ticketId;
    this.loading = !quiet;
    try {
      const page = await this.client.messages(id);
      if (id === this.ticketId) this.messages = page.items;
      this.error = '';
    } catch (err) {
      this.error = this.failure(err);
    } finally {
      this.loading = false;
    }
  }

  /**
   * Sends the reply. Reads the form through `@query`, never through the event
   * after an await: by then the event has left the shadow tree and its target
   * is null. A second submit while one is on its way (a double click) is ignored.
   */
  private async handleSend(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const body = this.textarea?.value.trim() ?? '';
    if (!body) {
      this.sendError = this.t('required');
      this.textarea?.focus();
      return;
    }
    this.picker.take(this.fileInput);
    if (this.picker.problem) return;
    this.busy = true;
    this.sendError = '';
    let current = '';
    try {
      const ids = await this.picker.uploadTo(this.client, this.ticketId, (name) => (current = name));
      const message = await this.client.addMessage(this.ticketId, body, ids);
      this.messages = [...this.messages, message];
      this.form?.reset();
      this.picker.clear();
    } catch (err) {
      this.sendError =
        err instanceof ApiError && err.status === 413 ? this.t('tooLarge', { name: current }) : this.failure(err);
    } finally {
      this.busy = false;
    }
  }

  /**
   * One message: the support team's on the left on the surface color with a
   * "Support" tag, the customer's own on the right in the portal's tint. A
   * message by the same person within 10 minutes of the one before continues
   * it, without repeating the name and time (the exact time stays on hover).
   */
  private renderMessage(m: Message, prev?: Message) {
    const grouped =
      !!prev && prev.author.id === m.author.id && Date.parse(m.createdAt) - Date.parse(prev.createdAt) < GROUP_MS;
    const mine = m.author.id === this.session.user?.id;
    const time = html`<time datetime=${m.createdAt} title=${this.date(m.createdAt, true)}>${formatRelative(this.session.locale, m.createdAt)}</time>`;
    return html`<li class="${m.author.staff ? 'staff' : mine ? 'mine' : 'other'} ${grouped ? 'grouped' : ''}">
      ${
        grouped
          ? html`<span class="sr-only">${inert(m.author.name)}</span>`
          : html`<div class="who">
            <strong>${inert(m.author.name)}</strong>
            ${m.author.staff ? html`<span class="tag">${this.t('support')}</span>` : nothing}
            <span class="muted">${time}</span>
          </div>`
      }
      <p class="text">${richText(m.body)}</p>
      ${
        m.attachments.length && this.api
          ? attachmentList(
              this.api,
              m.attachments,
              (name) => this.t('download', { name }),
              () => this.requestUpdate(),
            )
          : nothing
      }
    </li>`;
  }

  private pickerTexts() {
    return {
      attach: this.t('attach'),
      tooLarge: (name: string) => this.t('tooLarge', { name }),
      remove: (name: string) => this.t('remove', { name }),
      uploading: (name: string) => this.t('uploading', { name }),
      max: this.portal?.maxUploadBytes ?? 0,
    };
  }

  override render() {
    // Files dropped anywhere on the conversation join the reply.
    return html`<div
      class="drop ${this.picker.dragging ? 'dropping' : ''}"
      @dragenter=${this.picker.handleDrag}
      @dragover=${this.picker.handleDrag}
      @dragleave=${this.picker.handleDrag}
      @drop=${this.picker.handleDrop}
    >
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.loading
          ? html`<p role="status">${this.t('loading')}</p>`
          : this.messages.length === 0
            ? html`<p class="muted">${this.t('noMessages')}</p>`
            : html`<ol>
              ${this.messages.map((m, i) => this.renderMessage(m, this.messages[i - 1]))}
            </ol>`
      }
      ${this.session.readOnly ? nothing : this.renderForm()}
    </div>`;
  }

  /** The reply box; none in a read-only preview. */
  private renderForm() {
    return html`<form @submit=${this.handleSend}>
        <label for="reply">${this.t('reply')}</label>
        <textarea id="reply" name="body" maxlength="20000" @paste=${this.picker.handlePaste}></textarea>
        ${this.picker.renderList()}
        ${this.sendError ? html`<p class="error" role="alert">${this.sendError}</p>` : nothing}
        <div class="actions">
          ${this.picker.renderButton()}
          <button class="primary" ?disabled=${this.busy}>${icon('send')} ${this.t('send')}</button>
        </div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-conversation': TpConversation;
  }
}
