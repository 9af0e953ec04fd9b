import { html, type TemplateResult } from 'lit';
import { inert } from './tp-element.js';

// A web address as people write it in a message: http(s) only, up to a space or a bracket.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the address ("see https://x.test/a.").
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * User text as Lit parts: the text itself (bidi controls made inert; line
 * breaks kept by the `.text` class), with each http or https address a link
 * that opens in a new tab without telling the page who sent it. Nothing else
 * becomes a link: `javascript:`, `data:` and every other scheme stay text, and
 * an address that does not parse as an http(s) URL stays text too.
 */
export function richText(text: string): (string | TemplateResult)[] {
  const out: (string | TemplateResult)[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const raw = match[0].replace(TRAILING, '');
    let url: URL | null = null;
    try {
      url = new URL(raw);
    } catch {
      // Not an address after all: it stays text.
    }
    if (!url || !/^https?:$/.test(url.protocol)) continue;
    const start = match.index;
    out.push(
      inert(text.slice(last, start)),
      html`<a href=${url.href} target="_blank" rel="noopener noreferrer">${inert(raw)}</a>`,
    );
    last = start + raw.length;
  }
  out.push(inert(text.slice(last)));
  return out;
}
