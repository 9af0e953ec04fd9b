/**
 * What we keep and send about an uploaded file besides its bytes. The client's
 * name and type are only ever display data: the bytes live under a generated
 * key, and a download never renders on our origin.
 */

const MAX_NAME = 200;
const MAX_EXTENSION = 16;
const FALLBACK_NAME = 'file';

/** Control characters (C0 with NUL, DEL, C1), line/paragraph separators and bidi controls that spoof extensions. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The display name for a client-supplied file name: the last path segment,
 * without control characters, NUL bytes or bidi overrides, at most 200
 * characters (keeping a short extension), never empty, `.` or `..`.
 */
export function sanitizeFileName(raw: string): string {
  const wellFormed = raw.replace(LONE_SURROGATE, '\ufffd').normalize('NFC');
  const lastSegment = wellFormed.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment.replace(UNSAFE_CHARS, '').trim();
  if (cleaned === '' || /^\.+$/.test(cleaned)) return FALLBACK_NAME;
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keep = extension.length > 1 && extension.length <= MAX_EXTENSION ? extension : [];
  return chars.slice(0, MAX_NAME - keep.length).join('') + keep.join('');
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const OCTET_STREAM = 'application/octet-stream';

/** The declared media type, lower-cased and without parameters; `application/octet-stream` when absent or malformed. */
export function normalizeContentType(declared: string): string {
  const type = (declared.split(';')[0] ?? '').trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : OCTET_STREAM;
}

/** Types a browser may be told as they are: none of them runs script. HTML, SVG, XML and the rest go out as bytes. */
const SERVED_AS_IS: Readonly<Record<string, string>> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'application/pdf': 'application/pdf',
  'text/plain': 'text/plain; charset=utf-8',
};

/** The Content-Type to send for a stored type: the safe allow-list, else `application/octet-stream`. */
export function servedContentType(stored: string): string {
  return Object.hasOwn(SERVED_AS_IS, stored) ? (SERVED_AS_IS[stored] ?? OCTET_STREAM) : OCTET_STREAM;
}

/**
 * `Content-Disposition: attachment` for `name` per RFC 6266: an ASCII
 * `filename="…"` fallback (quotes, backslashes, `%` and non-ASCII replaced by
 * `_`) and `filename*=UTF-8''…` percent-encoded per RFC 5987.
 */
export function contentDisposition(name: string): string {
  const wellFormed = name.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE_CHARS, '');
  const fallback = Array.from(wellFormed, (ch) => (/^[\x20-\x7e]$/.test(ch) && !/["\\%]/.test(ch) ? ch : '_')).join('');
  const encoded = encodeURIComponent(wellFormed).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
