import { createHash } from 'node:crypto';
import type { PortalConfig } from '../portals/portal-config.js';
import { html } from 'hono/html';
import { safeUrl } from '../mail/text-safety.js';

const COLOR = /^#[0-9a-fA-F]{6}$/;
const DEFAULT = { light: { main: '#2563eb', text: '#ffffff' }, dark: { main: '#60a5fa', text: '#0b1220' } };

/** What a sign-in link page shows of its portal: name, logo and colors (light and dark). */
export interface LinkPageBrand {
  name: string;
  logoUrl: string | null;
  light: { main: string; text: string };
  dark: { main: string; text: string };
}

/** The brand of `config`, or the product's own when the link names no portal (a staff or an unusable link). */
export function linkPageBrand(config: PortalConfig | null, fallbackName: string): LinkPageBrand {
  if (!config) return { name: fallbackName, logoUrl: null, ...DEFAULT };
  const pick = (v: string, d: string) => (COLOR.test(v) ? v : d);
  const { light, dark } = config.branding;
  return {
    name: config.name,
    logoUrl: light.logoUrl ? safeUrl(light.logoUrl) : null,
    light: { main: pick(light.mainColor, DEFAULT.light.main), text: pick(light.mainTextColor, DEFAULT.light.text) },
    dark: { main: pick(dark.mainColor, DEFAULT.dark.main), text: pick(dark.mainTextColor, DEFAULT.dark.text) },
  };
}

/**
 * The page's one stylesheet, in the portal's colors (light and dark, by the
 * device's setting), and its CSP source: the stylesheet's own hash, so the
 * page keeps allowing no other style and no script at all.
 */
export function linkPageStyle(brand: LinkPageBrand): { css: string; cspSource: string } {
  const css = [
    ':root{color-scheme:light dark;--main:' +
      brand.light.main +
      ';--on-main:' +
      brand.light.text +
      ';--bg:#f3f4f6;--card:#fff;--line:#e5e7eb;--text:#111827;--muted:#4b5563}',
    '@media (prefers-color-scheme:dark){:root{--main:' +
      brand.dark.main +
      ';--on-main:' +
      brand.dark.text +
      ';--bg:#0b1220;--card:#111827;--line:#1f2937;--text:#f3f4f6;--muted:#9ca3af}}',
    '*{box-sizing:border-box}',
    'body{margin:0;min-height:100vh;display:grid;place-items:center;padding:16px;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}',
    'main{width:100%;max-width:420px;background:var(--card);border:1px solid var(--line);border-radius:14px;box-shadow:0 10px 30px rgb(0 0 0/12%);overflow:hidden}',
    'header{display:flex;align-items:center;gap:10px;padding:14px 20px;background:var(--main);color:var(--on-main);font-weight:600}',
    'header img{height:28px;width:auto}',
    '.body{padding:24px 20px}',
    'h1{font-size:1.25rem;margin:0 0 8px}',
    'p{margin:0 0 16px;color:var(--muted)}',
    'button,a.button{width:100%;min-height:44px;border:0;border-radius:8px;background:var(--main);color:var(--on-main);font:inherit;font-weight:600;cursor:pointer}',
    'a.button{display:flex;align-items:center;justify-content:center;text-align:center;padding:10px 16px;text-decoration:none}',
    'button:focus-visible,a.button:focus-visible{outline:3px solid var(--main);outline-offset:3px}',
  ].join('');
  const hash = createHash('sha256').update(css).digest('base64');
  return { css, cspSource: `'sha256-${hash}'` };
}

/** The page's header: the portal's logo and name (escaped by hono's `html`). */
export function linkPageHeader(brand: LinkPageBrand) {
  return html`<header>${brand.logoUrl ? html`<img src="${brand.logoUrl}" alt="">` : ''}<span>${brand.name}</span></header>`;
}
