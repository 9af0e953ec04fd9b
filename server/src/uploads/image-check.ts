/**
 * What an uploaded logo really is, from its bytes: the declared type and the
 * file name are the client's word and are never trusted. SVG is text that a
 * browser may run, so an SVG passes only when it holds nothing active or
 * external (no sanitizer library: refusing is simpler to get right, and an
 * admin can export a clean logo).
 */

/** The image types a logo may be. */
export type LogoType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/svg+xml';

/** Why a file is not an acceptable logo (English; the route words the error). */
export type ImageProblem =
  | 'not_an_image'
  | 'svg_not_utf8'
  | 'svg_doctype'
  | 'svg_script'
  | 'svg_event_handler'
  | 'svg_javascript_url'
  | 'svg_external_reference'
  | 'svg_foreign_object'
  | 'svg_stylesheet';

export type ImageCheck = { ok: true; type: LogoType } | { ok: false; problem: ImageProblem };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/** The raster type from the magic bytes, or null. */
function rasterType(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** Character references and the XML predefined entities, resolved, so `&#106;avascript:` reads as what it is. */
function resolveReferences(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** An element name with any namespace prefix (`svg:script`, `x:foreignObject`). */
const element = (name: string) => new RegExp(`<\\s*([a-z0-9_.-]+:)?${name}[\\s/>]`, 'i');

/** Every `href` or `xlink:href` (any prefix) value, and every CSS `url(…)` target. */
function references(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s"'/])(?:[a-z0-9_.-]+:)?href\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    found.push(m[2] ?? m[3] ?? m[4] ?? '');
  }
  for (const m of text.matchAll(/url\s*\(\s*("([^"]*)"|'([^']*)'|([^)]*))\)/gi)) {
    found.push(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return found;
}

/**
 * Checks an SVG's text. It must be UTF-8 with an `<svg>` root, and hold no
 * DOCTYPE or entity declarations (entity expansion, external entities), no
 * scripts, no event-handler attributes, no `javascript:` URLs, no
 * `<foreignObject>` (HTML inside SVG), no stylesheet imports, and no
 * reference outside the file itself (only `#id` links).
 */
export function checkSvg(bytes: Uint8Array): ImageCheck {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: 'svg_not_utf8' };
  }
  text = text.replace(/^\ufeff/, '');
  // The root: an optional XML declaration, comments and white space, then <svg.
  // Before the root check: a DOCTYPE would sit between the declaration and <svg>.
  if (/<!DOCTYPE\s+svg|<!ENTITY/i.test(text)) return { ok: false, problem: 'svg_doctype' };
  if (!/^\s*(<\?xml\s[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text))
    return { ok: false, problem: 'not_an_image' };
  if (/<!DOCTYPE/i.test(text)) return { ok: false, problem: 'svg_doctype' };
  if (/<\?xml-stylesheet/i.test(text)) return { ok: false, problem: 'svg_stylesheet' };
  const texts = [text, resolveReferences(text)];
  // Most specific first, each on the text as written and with references resolved.
  const checks: [ImageProblem, (t: string) => boolean][] = [
    [
      'svg_script',
      (t) => ['script', 'iframe', 'embed', 'object', 'handler', 'listener'].some((n) => element(n).test(t)),
    ],
    ['svg_foreign_object', (t) => element('foreignObject').test(t)],
    ['svg_event_handler', (t) => /[\s"'/]on[a-z]+\s*=/i.test(t)],
    // White space and control characters inside the scheme are ignored by browsers: `java\tscript:`.
    ['svg_javascript_url', (t) => /j\W*a\W*v\W*a\W*s\W*c\W*r\W*i\W*p\W*t\s*:/i.test(t.replace(/[\u0000-\u0020]/g, ''))],
    ['svg_stylesheet', (t) => /@import/i.test(t)],
    ['svg_external_reference', (t) => references(t).some((ref) => !/^\s*#\S*\s*$/.test(ref))],
  ];
  for (const [problem, found] of checks) {
    if (texts.some(found)) return { ok: false, problem };
  }
  return { ok: true, type: 'image/svg+xml' };
}

/** The logo's real type from its bytes, or why it is refused. */
export function checkLogo(bytes: Uint8Array): ImageCheck {
  const raster = rasterType(bytes);
  if (raster) return { ok: true, type: raster };
  return checkSvg(bytes);
}
