/**
 * Text that ends up in mail headers or HTML. Everything a user typed (names,
 * ticket titles, message bodies) passes through one of these on its way out.
 */

// C0 and C1 controls, DEL, Unicode line/paragraph separators and bidi overrides:
// in a header they could end it early (CR/LF) or disguise what a client displays.
const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

/** One line of header text: control characters become spaces, runs of spaces collapse, length capped. */
export function headerText(value: string, maxLength = 200): string {
  const line = value.replace(HEADER_UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Body text for display: NUL and other controls except tab and newline removed, newlines normalised. */
export function bodyText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** The URL if it is absolute http(s), else null: only such links are ever put in an email. */
export function safeUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
