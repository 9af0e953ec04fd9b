import { css, html, nothing } from 'lit';
import type { ApiClient } from '../api/client.js';
import type { Attachment } from '../api/types.js';
import { size } from '../file-picker/file-picker.js';
import { blobImagesBlocked } from '../shared/blob-images.js';
import { icon } from '../shared/icons.js';
import { inert } from '../shared/tp-element.js';

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

/** Image attachments fetched for their thumbnails, by id: the blob: URL once it is there ('' while on its way, FAILED if it would not show). */
const thumbs = new Map<string, string>();
const FAILED = 'failed';

/**
 * An image attachment's thumbnail, fetched with the bearer token like a
 * download; `loaded` (the view's `requestUpdate`) renders it once it arrives.
 * Nothing while it comes, or if it cannot be had or shown (a host CSP
 * without `img-src blob:`): the row's icon, name and size remain.
 */
function thumbnail(api: ApiClient, file: Attachment, loaded: () => void) {
  if (!/^image\/(png|jpeg|gif|webp)$/.test(file.contentType) || blobImagesBlocked()) return nothing;
  const src = thumbs.get(file.id);
  if (src === undefined) {
    thumbs.set(file.id, '');
    api.download(file.id).then(
      (url) => {
        thumbs.set(file.id, url);
        loaded();
      },
      () => thumbs.delete(file.id),
    );
  }
  if (!src || src === FAILED) return nothing;
  const failed = () => {
    URL.revokeObjectURL(src);
    thumbs.set(file.id, FAILED);
    loaded();
  };
  return html`<img class="thumb" src=${src} alt="" @error=${failed} />`;
}

/** A list of attachments, each a button that downloads it, images with their thumbnail. */
export function attachmentList(
  api: ApiClient,
  files: Attachment[],
  label: (name: string) => string,
  loaded: () => void,
) {
  return html`<ul class="files">
    ${files.map(
      (f) => html`<li>
        ${thumbnail(api, f, loaded)}
        <button class="link" aria-label=${label(inert(f.filename))} @click=${() => save(api, f).catch(() => undefined)}>
          ${icon('attach')} ${inert(f.filename)}
        </button>
        <span class="muted">${size(f.size)}</span>
      </li>`,
    )}
  </ul>`;
}

/** The list's styles, for the views that show one. */
export const attachmentListStyles = css`
  .files {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
  }
  .files li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
  }
  .files .thumb {
    display: block;
    flex-basis: 100%;
    max-width: min(240px, 100%);
    max-height: 160px;
    object-fit: contain;
    border-radius: var(--tp-radius);
    border: 1px solid var(--tp-border);
  }
`;
