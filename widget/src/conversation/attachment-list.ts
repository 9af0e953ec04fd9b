import { html } from 'lit';
import type { ApiClient } from '../api/client.js';
import type { Attachment } from '../api/types.js';
import { icon } from '../shared/icons.js';
import { inert } from '../shared/tp-element.js';

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Downloads go through fetch with the bearer token (the file route needs it),
 * then a blob: URL handed to a temporary link, so the file saves under its name.
 */
async function save(api: ApiClient, file: Attachment): Promise<void> {
  const url = await api.download(file.id);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A list of attachments, each a button that downloads it. */
export function attachmentList(api: ApiClient, files: Attachment[], label: (name: string) => string) {
  return html`<ul class="files">
    ${files.map(
      (f) => html`<li>
        <button class="link" aria-label=${label(inert(f.filename))} @click=${() => save(api, f).catch(() => undefined)}>
          ${icon('attach')} ${inert(f.filename)}
        </button>
        <span class="muted">${size(f.size)}</span>
      </li>`,
    )}
  </ul>`;
}
