import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/client.js';
import { blobImagesBlocked } from '../shared/blob-images.js';
import { icon } from '../shared/icons.js';
import { inert } from '../shared/tp-element.js';

/** One file the customer picked, dropped or pasted, before and while it is sent. */
export interface PendingFile {
  file: File;
  /** A blob: URL of the image, for its thumbnail; images only. */
  thumb?: string;
  /** How much of it has gone (0–1) while it uploads. */
  fraction?: number;
  /** Why it cannot go (over the size limit); such a file is not sent. */
  error?: string;
}

/** The texts the picker shows, in the host view's language. */
export interface FilePickerTexts {
  attach: string;
  tooLarge: (name: string) => string;
  remove: (name: string) => string;
  uploading: (name: string) => string;
  /** Largest file accepted, in bytes (the portal's limit); 0: no check here. */
  max: number;
}

/** The files a drop or a paste carries (a pasted screenshot arrives as `image.png`: it is named by the time instead). */
export function filesOf(data: DataTransfer | null): File[] {
  return [...(data?.files ?? [])].map((f) =>
    f.name === 'image.png' && f.type === 'image/png'
      ? new File([f], `screenshot-${new Date().toISOString().slice(0, 19).replace(/\D/g, '')}.png`, { type: f.type })
      : f,
  );
}

export function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The attachments of a form, as a controller of the view holding the form
 * (its input, list and messages stay in that view's shadow root): files come
 * from the file button, a drop on the view (`handleDrag`/`handleDrop`) or a
 * paste in its text box (`handlePaste`); each shows its thumbnail (images),
 * size, a remove button, its own progress bar while it uploads, and at once a
 * clear message when it is over the portal's limit.
 */
export class FilePicker implements ReactiveController {
  files: PendingFile[] = [];
  /** A drag with files is over the drop area. */
  dragging = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly texts: () => FilePickerTexts,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.clear();
  }

  /** Adds files; one over the limit is listed with its message and not sent. */
  add(files: Iterable<File>): void {
    const t = this.texts();
    for (const file of files) {
      const pending: PendingFile = { file };
      if (t.max && file.size > t.max) pending.error = t.tooLarge(file.name);
      else if (file.type.startsWith('image/') && !blobImagesBlocked()) pending.thumb = URL.createObjectURL(file);
      this.files = [...this.files, pending];
    }
    this.host.requestUpdate();
  }

  /** Takes the files chosen in a file input (and empties it, so the same file can be chosen again). */
  take(input: HTMLInputElement | null | undefined): void {
    if (!input?.files?.length) return;
    this.add([...input.files]);
    input.value = '';
  }

  /** A thumbnail the page would not show (a host CSP without `img-src blob:`, or not a real image): a chip instead. */
  private thumbFailed(pending: PendingFile): void {
    if (pending.thumb) URL.revokeObjectURL(pending.thumb);
    delete pending.thumb;
    this.host.requestUpdate();
  }

  remove(pending: PendingFile): void {
    if (pending.thumb) URL.revokeObjectURL(pending.thumb);
    this.files = this.files.filter((p) => p !== pending);
    this.host.requestUpdate();
  }

  clear(): void {
    for (const p of this.files) if (p.thumb) URL.revokeObjectURL(p.thumb);
    this.files = [];
    this.host.requestUpdate();
  }

  /** The first message about a file that cannot go, if any. */
  get problem(): string {
    return this.files.find((p) => p.error)?.error ?? '';
  }

  /**
   * Uploads the files one by one to a ticket, each showing its progress;
   * answers the attachment ids; `started` hears each file's name as it starts. A failure is thrown.
   */
  async uploadTo(
    api: ApiClient,
    ticketId: string,
    started: (name: string) => void = () => undefined,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const pending of this.files) {
      started(pending.file.name);
      const set = (fraction?: number) => {
        pending.fraction = fraction;
        this.host.requestUpdate();
      };
      set(0);
      try {
        ids.push((await api.upload(ticketId, pending.file, set)).id);
      } finally {
        set(undefined);
      }
    }
    return ids;
  }

  handleDrag = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    const over = e.type !== 'dragleave';
    if (over !== this.dragging) {
      this.dragging = over;
      this.host.requestUpdate();
    }
  };

  handleDrop = (e: DragEvent): void => {
    e.preventDefault();
    this.dragging = false;
    this.add(filesOf(e.dataTransfer));
  };

  handlePaste = (e: ClipboardEvent): void => {
    const files = filesOf(e.clipboardData);
    if (!files.length) return;
    // A screenshot, not text: keep it out of the text box.
    e.preventDefault();
    this.add(files);
  };

  /** The file button: the real input `#files` lies, invisible, over it. */
  renderButton() {
    return html`<label class="attach"
      >${icon('attach')} ${this.texts().attach}
      <input id="files" type="file" multiple @change=${(e: Event) => this.take(e.target as HTMLInputElement)}
    /></label>`;
  }

  /** The files picked so far, each with its thumbnail, size, remove button, progress and problem. */
  renderList() {
    const t = this.texts();
    return html`${
      this.files.length
        ? html`<ul class="pending">
            ${this.files.map(
              (p) => html`<li class=${p.error ? 'bad' : ''}>
                ${p.thumb ? html`<img src=${p.thumb} alt="" @error=${() => this.thumbFailed(p)} />` : html`<span class="thumb">${icon('file')}</span>`}
                <span class="name">${inert(p.file.name)} <span class="muted">${size(p.file.size)}</span></span>
                <button type="button" class="icon-only" title=${t.remove(p.file.name)} aria-label=${t.remove(p.file.name)} @click=${() => this.remove(p)}>
                  ${icon('close')}
                </button>
                ${p.fraction === undefined ? nothing : html`<progress max="1" .value=${p.fraction} aria-label=${t.uploading(p.file.name)}></progress>`}
                ${p.error ? html`<p class="error" role="alert">${p.error}</p>` : nothing}
              </li>`,
            )}
          </ul>`
        : nothing
    }`;
  }
}

/** The picker's styles, for the views that hold one. */
export const filePickerStyles = css`
  .attach {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    /* "Joindre des fichiers" on one line beside the send button, even at 360 px. */
    white-space: nowrap;
    font-weight: 600;
    cursor: pointer;
    border-radius: var(--tp-radius);
    padding: 6px 10px;
    margin: var(--tp-space) 0 0;
    background: var(--tp-secondary);
    color: var(--tp-secondary-text);
  }
  /* The real input lies over the button, invisible: a click anywhere on it is a click on the input. */
  .attach {
    position: relative;
  }
  .attach input {
    position: absolute;
    inset: 0;
    opacity: 0;
    min-height: 0;
    cursor: pointer;
  }
  .attach:has(:focus-visible) {
    outline: 2px solid var(--tp-focus);
    outline-offset: 2px;
  }
  .pending {
    list-style: none;
    margin: var(--tp-space) 0 0;
    padding: 0;
    display: grid;
    gap: 6px;
    max-height: 30vh;
    overflow-y: auto;
  }
  .pending li {
    display: grid;
    grid-template-columns: 40px minmax(0, 1fr) auto;
    gap: 4px 8px;
    align-items: center;
    padding: 4px;
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
  }
  .pending .bad {
    border-color: var(--tp-danger);
  }
  .pending img,
  .thumb {
    width: 40px;
    height: 40px;
    object-fit: cover;
    border-radius: 4px;
    display: grid;
    place-items: center;
    background: var(--tp-surface);
  }
  .pending .name {
    overflow-wrap: anywhere;
    font-size: 0.9em;
  }
  .pending progress,
  .pending .error {
    grid-column: 1 / -1;
    width: 100%;
  }
  .dropping {
    outline: 2px dashed var(--tp-main);
    outline-offset: 4px;
    border-radius: var(--tp-radius);
  }
`;
