import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError } from '../../../api/client.js';
import { inert } from '../../../shared/tp-element.js';
import type { AdminMessage } from '../ticket-api.js';
import { TicketElement } from '../ticket-element.js';

export type ComposeMode = 'reply' | 'note';

/**
 * The reply box of the ticket page: a reply to the customer or an internal
 * note, switched with one click (no confirmation) and told apart by color,
 * label and button. Files: pick, drop on the box, or paste a screenshot; they
 * upload with progress when sent. Before sending it asks the page (`check`)
 * whether someone wrote meanwhile; if so it does not send and says so.
 *
 * @summary Reply or internal note, with attachments.
 * @fires tp-message-sent - A reply or note was added (`message` on the event).
 * @csspart box - The box, colored by mode.
 */
export class TpTicketComposer extends TicketElement {
  static override styles = [
    ...TicketElement.styles,
    css`
      :host {
        display: block;
      }
      .box {
        border: 2px solid var(--tp-main);
        border-radius: var(--tp-radius);
        padding: 10px 12px;
        background: var(--tp-body);
      }
      .box.note {
        border-color: light-dark(#b45309, #f59e0b);
        border-style: dashed;
        background: light-dark(#fffbeb, #2a2110);
      }
      .box.dragging {
        outline: 3px dashed var(--tp-focus);
        outline-offset: 2px;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 6px;
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 4px;
        float: left;
        width: 100%;
      }
      .mode {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        border: 1px solid var(--tp-border);
        border-radius: 999px;
        padding: 4px 12px;
        cursor: pointer;
        font-weight: 600;
        margin: 0;
      }
      .mode input {
        margin: 0;
      }
      /* On the colored pill the browser's accent (the same blue) hid the checked dot: draw it in the pill's text color. */
      .mode.on input {
        accent-color: currentColor;
      }
      .mode.on.reply {
        background: var(--tp-main);
        color: var(--tp-main-text);
        border-color: var(--tp-main);
      }
      .mode.on.note {
        background: light-dark(#b45309, #f59e0b);
        color: light-dark(#ffffff, #1c1917);
        border-color: transparent;
      }
      .mode:focus-within {
        outline: 2px solid var(--tp-focus);
        outline-offset: 2px;
      }
      .hint {
        font-size: 0.9em;
        margin: 4px 0;
      }
      .note .hint {
        color: light-dark(#78350f, #fcd34d);
      }
      button.send.note {
        background: light-dark(#b45309, #f59e0b);
        color: light-dark(#ffffff, #1c1917);
      }
      .files {
        list-style: none;
        padding: 0;
        margin: 6px 0;
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .files li {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        background: var(--tp-surface);
        border: 1px solid var(--tp-border);
        border-radius: 999px;
        padding: 0 4px 0 10px;
        max-width: 100%;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        justify-content: space-between;
        margin-top: 6px;
      }
      .picker {
        display: inline-block;
        margin: 0;
        font-weight: 400;
      }
      .picker input {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
      .picker span {
        display: inline-flex;
        align-items: center;
        min-height: 36px;
        padding: 6px 14px;
        border-radius: var(--tp-radius);
        background: var(--tp-secondary);
        color: var(--tp-secondary-text);
        cursor: pointer;
      }
      .picker:focus-within span {
        outline: 2px solid var(--tp-focus);
        outline-offset: 2px;
      }
      progress {
        width: 100%;
      }
    `,
  ];

  @query('textarea') private textarea?: HTMLTextAreaElement;

  @state() private files: File[] = [];
  @state() private busy = false;
  @state() private error = '';
  @state() private done = '';
  @state() private upload: { name: string; fraction: number } | null = null;
  @state() private dragging = false;

  /** Reply to the customer, or an internal note. */
  @property({ reflect: true }) mode: ComposeMode = 'reply';
  /** The ticket to write on. */
  @property({ attribute: 'ticket-id' }) ticketId = '';
  /** Whom a reply reaches (the requester's name), for the label. */
  @property() requester = '';
  /**
   * Asked just before sending: answers a sentence when someone wrote on the
   * ticket since it was loaded (the page then shows what they wrote), else ''.
   */
  @property({ attribute: false }) check: () => Promise<string> = async () => '';

  /** Switches to `mode` and puts the cursor in the box (the r and n keys). */
  focusBox(mode: ComposeMode = this.mode): void {
    this.mode = mode;
    void this.updateComplete.then(() => this.textarea?.focus());
  }

  /** Whether there is text in the box (for the presence heartbeat). */
  get composing(): boolean {
    return (this.textarea?.value.trim() ?? '') !== '';
  }

  private handleMode(e: Event): void {
    this.mode = (e.target as HTMLInputElement).value === 'note' ? 'note' : 'reply';
    this.done = '';
  }

  private addFiles(list: Iterable<File>): void {
    const added = [...list];
    if (added.length) this.files = [...this.files, ...added];
  }

  private handlePick(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.addFiles(input.files ?? []);
    input.value = '';
  }

  private handlePaste(e: ClipboardEvent): void {
    const pasted = [...(e.clipboardData?.files ?? [])];
    if (pasted.length === 0) return;
    e.preventDefault();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    // A pasted screenshot is called image.png by every browser: name it so two stay apart.
    this.addFiles(
      pasted.map((f, i) =>
        f.name && f.name !== 'image.png'
          ? f
          : new File([f], `screenshot-${stamp}${i ? `-${i}` : ''}.png`, { type: f.type }),
      ),
    );
  }

  private handleDragOver(e: DragEvent): void {
    if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
    e.preventDefault();
    this.dragging = true;
  }

  private handleDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    this.addFiles(e.dataTransfer?.files ?? []);
  }

  private removeFile(file: File): void {
    this.files = this.files.filter((f) => f !== file);
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.api) return;
    const api = this.ticketApi;
    const body = this.textarea?.value.trim() ?? '';
    this.done = '';
    if (!body) {
      this.error = this.tt('required');
      this.textarea?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const collision = await this.check();
      if (collision) {
        this.error = collision;
        return;
      }
      const internal = this.mode === 'note';
      const ids: string[] = [];
      for (const file of this.files) {
        this.upload = { name: file.name, fraction: 0 };
        ids.push(
          (await api.upload(this.ticketId, file, (fraction) => (this.upload = { name: file.name, fraction }))).id,
        );
      }
      const message = await api.addMessage(this.ticketId, body, internal, ids);
      if (this.textarea) this.textarea.value = '';
      this.files = [];
      this.done = this.tt(internal ? 'noteAdded' : 'sent');
      this.dispatchEvent(new TpMessageSentEvent(message));
    } catch (err) {
      this.error =
        err instanceof ApiError && err.status === 413
          ? this.tt('tooLarge', { name: this.upload?.name ?? '' })
          : this.failure(err);
    } finally {
      this.busy = false;
      this.upload = null;
    }
  }

  override render() {
    const note = this.mode === 'note';
    const name = inert(this.requester);
    return html`<form
      part="box"
      class="box ${note ? 'note' : 'reply'} ${this.dragging ? 'dragging' : ''}"
      @submit=${this.handleSubmit}
      @dragover=${this.handleDragOver}
      @dragleave=${() => (this.dragging = false)}
      @drop=${this.handleDrop}
    >
      <fieldset>
        <legend class="sr-only">${this.tt('composeAs')}</legend>
        ${(['reply', 'note'] as const).map(
          (m) => html`<label class="mode ${m} ${this.mode === m ? 'on' : ''}">
            <input type="radio" name="mode" value=${m} .checked=${this.mode === m} @change=${this.handleMode} />
            ${this.tt(m === 'note' ? 'modeNote' : 'modeReply')}
          </label>`,
        )}
      </fieldset>
      <label for="body">${note ? this.tt('noteLabel') : this.tt('replyLabel', { name })}</label>
      <textarea id="body" maxlength="20000" aria-describedby="hint" @paste=${this.handlePaste}></textarea>
      <p id="hint" class="hint muted">${note ? this.tt('noteHint') : this.tt('replyHint', { name })} ${this.tt('dropHint')}</p>
      ${
        this.files.length
          ? html`<ul class="files">
            ${this.files.map(
              (f) => html`<li>
                ${inert(f.name)}
                <button type="button" class="link" aria-label=${this.tt('removeFile', { name: inert(f.name) })} @click=${() => this.removeFile(f)}>✕</button>
              </li>`,
            )}
          </ul>`
          : nothing
      }
      ${
        this.upload
          ? html`<label for="progress">${this.tt('uploading', { name: inert(this.upload.name) })}</label>
            <progress id="progress" max="1" .value=${this.upload.fraction}></progress>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p class="muted" role="status">${this.done}</p>
      <div class="actions">
        <label class="picker"><input type="file" multiple @change=${this.handlePick} /><span>${this.tt('attach')}</span></label>
        <button class="primary send ${note ? 'note' : 'reply'}" ?disabled=${this.busy}>${note ? this.tt('addNote') : this.tt('sendReply')}</button>
      </div>
    </form>`;
  }
}

/** A reply or internal note was added from the composer. */
export class TpMessageSentEvent extends Event {
  static readonly eventName = 'tp-message-sent';
  constructor(readonly message: AdminMessage) {
    super(TpMessageSentEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-ticket-composer': TpTicketComposer;
  }
  interface HTMLElementEventMap {
    'tp-message-sent': TpMessageSentEvent;
  }
}
