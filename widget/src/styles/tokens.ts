import { css } from 'lit';
import type { PublicPortal } from '../api/types.js';
import { luminance } from './contrast.js';

/**
 * The public design tokens, each with its fallback: the one tokens layer, on
 * <tickets-portal> only (the views inside inherit it; a test checks that none
 * redeclares a token). The portal's branding (below) sets the colors on the same
 * element, and a host page may override any `--tp-*` on it. Every `var(--tp-…)`
 * used in the widget must be defined here (a test checks).
 */
export const tokens = css`
  :host {
    color-scheme: light dark;
    --tp-main: #2563eb;
    --tp-main-text: #ffffff;
    --tp-secondary: #e5e7eb;
    --tp-secondary-text: #111827;
    --tp-body: #ffffff;
    --tp-text: #111827;
    --tp-muted: color-mix(in srgb, var(--tp-text) 70%, var(--tp-body));
    --tp-border: color-mix(in srgb, var(--tp-text) 25%, var(--tp-body));
    --tp-surface: color-mix(in srgb, var(--tp-text) 5%, var(--tp-body));
    --tp-danger: #b91c1c;
    --tp-focus: #2563eb;
    --tp-radius: 8px;
    --tp-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --tp-font-size: 15px;
    --tp-space: 8px;
    --tp-panel-width: 420px;
    --tp-z: 2147483000;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --tp-main: #60a5fa;
      --tp-main-text: #0b1220;
      --tp-secondary: #374151;
      --tp-secondary-text: #f9fafb;
      --tp-body: #111827;
      --tp-text: #f3f4f6;
      --tp-danger: #fca5a5;
      --tp-focus: #93c5fd;
    }
  }
`;

/** Dark text on light colors, light text on dark ones (WCAG relative luminance). */
export function readableOn(hex: string): string {
  return luminance(hex) > 0.35 ? '#111827' : '#f3f4f6';
}

type Palette = PublicPortal['branding']['light'];
const HEX = /^#[0-9a-f]{6}$/i;

function declarations(p: Palette): string {
  // The server validates colors; checked again because they end up in a stylesheet.
  const c = (v: string, fallback: string) => (HEX.test(v) ? v : fallback);
  const body = c(p.bodyColor, '#ffffff');
  const secondary = c(p.secondaryButtonColor, '#e5e7eb');
  const main = c(p.mainColor, '#2563eb');
  return `--tp-main:${main};--tp-main-text:${c(p.mainTextColor, '#ffffff')};--tp-focus:${main};--tp-secondary:${secondary};--tp-secondary-text:${readableOn(secondary)};--tp-body:${body};--tp-text:${readableOn(body)};`;
}

/** The portal's light and dark palettes as a constructable stylesheet, switched by prefers-color-scheme. */
export function brandingSheet(branding: PublicPortal['branding']): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    `:host{${declarations(branding.light)}}@media (prefers-color-scheme: dark){:host{${declarations(branding.dark)}}}`,
  );
  return sheet;
}

/** Shared control styles every view adopts: buttons, fields, badges, states. */
export const base = css`
  :host {
    font-family: var(--tp-font);
    font-size: var(--tp-font-size);
    color: var(--tp-text);
    line-height: 1.45;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3 {
    margin: 0 0 var(--tp-space);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.05em;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  input,
  select,
  textarea {
    width: 100%;
    padding: 6px 8px;
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    background: var(--tp-body);
    min-height: 36px;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    min-height: 0;
  }
  textarea {
    min-height: 90px;
    resize: vertical;
  }
  button {
    cursor: pointer;
    border: 1px solid transparent;
    border-radius: var(--tp-radius);
    padding: 6px 14px;
    min-height: 36px;
    background: var(--tp-secondary);
    color: var(--tp-secondary-text);
  }
  button.primary {
    background: var(--tp-main);
    color: var(--tp-main-text);
  }
  button.link {
    background: none;
    color: inherit;
    text-decoration: underline;
    padding: 2px 4px;
    min-height: 0;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--tp-focus);
    outline-offset: 2px;
  }
  label {
    display: block;
    font-weight: 600;
    margin: var(--tp-space) 0 4px;
  }
  .field {
    margin-bottom: var(--tp-space);
  }
  .error {
    color: var(--tp-danger);
    margin: 4px 0;
  }
  .muted {
    color: var(--tp-muted);
  }
  .row {
    display: flex;
    gap: var(--tp-space);
    align-items: center;
    flex-wrap: wrap;
  }
  .badge {
    display: inline-block;
    border-radius: 999px;
    padding: 0 8px;
    font-size: 0.85em;
    font-weight: 600;
    white-space: nowrap;
    color: #111827;
    background: #e5e7eb;
  }
  .status-open {
    background: #bbf7d0;
    color: #14532d;
  }
  .status-in_progress {
    background: #fde68a;
    color: #713f12;
  }
  .status-waiting {
    background: #bfdbfe;
    color: #1e3a8a;
  }
  .status-resolved {
    background: #c7d2fe;
    color: #312e81;
  }
  .status-closed {
    background: #e5e7eb;
    color: #374151;
  }
  .priority {
    font-size: 0.85em;
    font-weight: 600;
  }
  .priority-high,
  .priority-urgent {
    color: var(--tp-danger);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .icon {
    width: 1.15em;
    height: 1.15em;
    flex: none;
    vertical-align: -0.2em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  button.icon-only {
    display: inline-grid;
    place-items: center;
    padding: 0;
    width: 36px;
  }
  button:has(> .icon) {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    unicode-bidi: plaintext;
  }
`;
