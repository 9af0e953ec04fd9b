import { bodyText, escapeHtml, headerText, safeUrl } from './text-safety.js';

/** Languages emails are written in; anything else falls back to English. */
export type MailLocale = 'en' | 'fr';

/** The recipient's language for email, from `users.locale` (`fr`, `fr-CA`, … → French). */
export function mailLocale(userLocale: string | null | undefined): MailLocale {
  return userLocale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** What an email carries of its portal: name and main color (light palette). */
export interface MailBrand {
  name: string;
  /** `#rrggbb`; anything else is replaced by the default. */
  mainColor: string;
  /** Text drawn on the main color (the action button). */
  mainTextColor: string;
  /** The portal's logo (absolute http(s) URL), shown in the header beside the name. */
  logoUrl?: string | null;
}

export const DEFAULT_BRAND: MailBrand = {
  name: 'Tickets Portal',
  mainColor: '#2563eb',
  mainTextColor: '#ffffff',
  logoUrl: null,
};

/**
 * The line above which a reply by email is read: everything from it down is
 * the quoted email and is cut off (inbound/strip-quotes.ts looks for `##-`…`-##`).
 */
export const REPLY_MARKER: Record<MailLocale, string> = {
  en: '##- Please type your reply above this line -##',
  fr: '##- Veuillez écrire votre réponse au-dessus de cette ligne -##',
};

/**
 * A piece of an email's body. Every string is plain text: the layout escapes
 * it for HTML, so callers never build markup from user input.
 */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  /** Quoted text such as a message body; `by` names its author. */
  | { kind: 'quote'; text: string; by?: string }
  /** A short code to type in (sign-in), shown large. */
  | { kind: 'code'; text: string }
  /** The main button; `url` must be absolute http(s) or the block is dropped. */
  | { kind: 'action'; label: string; url: string };

export interface MailDocument {
  locale: MailLocale;
  brand: MailBrand;
  /** First line of the body, also the HTML title. */
  heading: string;
  blocks: MailBlock[];
  /** Small print at the bottom, e.g. why the recipient gets this email. */
  footer: string;
  /** Put the reply marker line first: the email can be answered by replying to it. */
  replyMarker?: boolean;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Renders a document as HTML (one table, inline styles, which email clients keep) and as plain text. */
export function renderMail(doc: MailDocument): { html: string; text: string } {
  return { html: renderHtml(doc), text: renderText(doc) };
}

function renderHtml(doc: MailDocument): string {
  const main = COLOR.test(doc.brand.mainColor) ? doc.brand.mainColor : DEFAULT_BRAND.mainColor;
  const onMain = COLOR.test(doc.brand.mainTextColor) ? doc.brand.mainTextColor : DEFAULT_BRAND.mainTextColor;
  const name = escapeHtml(headerText(doc.brand.name, 120));
  const logo = doc.brand.logoUrl ? safeUrl(doc.brand.logoUrl) : null;
  const logoHtml = logo
    ? `<img src="${escapeHtml(logo)}" alt="" height="32" style="height:32px;max-width:160px;vertical-align:middle;margin-right:12px;border:0">`
    : '';
  // Grey and small: it must be in the text the reply quotes, but is not for reading.
  const marker = doc.replyMarker
    ? `<div style="font-size:11px;color:#9ca3af;padding:0 0 8px">${escapeHtml(REPLY_MARKER[doc.locale])}</div>\n`
    : '';
  const paragraph = (html: string) =>
    `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#1f2937">${html}</p>`;
  const multiline = (text: string) => escapeHtml(bodyText(text)).replace(/\n/g, '<br>');
  const blocks = doc.blocks
    .map((block) => {
      switch (block.kind) {
        case 'paragraph':
          return paragraph(multiline(block.text));
        case 'quote':
          return (
            (block.by ? paragraph(`<strong>${escapeHtml(headerText(block.by, 120))}</strong>`) : '') +
            `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid ${main};background:#f9fafb;font-size:15px;line-height:1.5;color:#1f2937">${multiline(block.text)}</blockquote>`
          );
        case 'code':
          return `<p style="margin:0 0 16px;font-size:28px;letter-spacing:6px;font-weight:bold;font-family:monospace;color:#111827">${escapeHtml(block.text)}</p>`;
        case 'action': {
          const url = safeUrl(block.url);
          if (!url) return '';
          return (
            `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;border-radius:6px;` +
            `background:${main};color:${onMain};font-size:15px;font-weight:bold;text-decoration:none">${escapeHtml(block.label)}</a></p>` +
            paragraph(`<span style="font-size:12px;color:#6b7280;word-break:break-all">${escapeHtml(url)}</span>`)
          );
        }
      }
    })
    .join('\n');
  return `<!doctype html>
<html lang="${doc.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(headerText(doc.heading))}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
${marker}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${main};color:${onMain};padding:16px 24px;font-size:18px;font-weight:bold">${logoHtml}${name}</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 16px;font-size:20px;color:#111827">${escapeHtml(headerText(doc.heading))}</h1>
${blocks}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280">${multiline(doc.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderText(doc: MailDocument): string {
  const lines: string[] = [
    ...(doc.replyMarker ? [REPLY_MARKER[doc.locale], ''] : []),
    headerText(doc.brand.name, 120),
    '',
    headerText(doc.heading),
    '',
  ];
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'paragraph':
        lines.push(bodyText(block.text), '');
        break;
      case 'quote':
        if (block.by) lines.push(`${headerText(block.by, 120)}:`);
        lines.push(
          ...bodyText(block.text)
            .split('\n')
            .map((line) => `> ${line}`),
          '',
        );
        break;
      case 'code':
        lines.push(`    ${block.text}`, '');
        break;
      case 'action': {
        const url = safeUrl(block.url);
        if (url) lines.push(`${block.label}: ${url}`, '');
        break;
      }
    }
  }
  lines.push('--', bodyText(doc.footer), '');
  return lines.join('\n');
}
