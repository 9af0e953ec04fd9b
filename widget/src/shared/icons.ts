import { html, type TemplateResult } from 'lit';

/**
 * The portal's icons: 24×24 outline paths (the stroke style of Lucide, drawn
 * again in as few path commands as possible to keep the bundle small), shared
 * by the widget and the console. Icons are decoration: the control carrying one
 * says what it does with text (visible, or `.sr-only`) or `aria-label`.
 */
const PATHS = {
  close: 'M6 6l12 12M18 6 6 18',
  back: 'M15 18l-6-6 6-6',
  account: 'M4 21a8 8 0 0 1 16 0M12 13a5 5 0 1 0 0-10 5 5 0 0 0 0 10z',
  attach: 'M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.4 3.4 0 0 1 5 5l-8.5 8.5a1.7 1.7 0 0 1-2.5-2.5L16 7',
  send: 'M22 2 11 13M22 2l-7 20-4-9-9-4z',
  private: 'M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5',
  up: 'M12 19V5M5 12l7-7 7 7',
  down: 'M12 5v14M19 12l-7 7-7-7',
  status: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
  menu: 'M4 6h16M4 12h16M4 18h16',
  file: 'M14 3H6v18h12V7zM14 3v4h4',
  good: 'M7 10v11H3V10zM7 10l4-8a3 3 0 0 1 3 3v4h6a2 2 0 0 1 2 2l-2 8a2 2 0 0 1-2 2H7',
  bad: 'M17 14V3h4v11zM17 14l-4 8a3 3 0 0 1-3-3v-4H4a2 2 0 0 1-2-2l2-8a2 2 0 0 1 2-2h11',
} as const;

/** The name of one of the portal's icons. */
export type IconName = keyof typeof PATHS;

/** An inline SVG icon in the current text color, 1.15em square, hidden from assistive technology. */
export function icon(name: IconName): TemplateResult {
  // The <svg> element itself belongs in an html template (lit's `svg` tag is for what goes inside one).
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${PATHS[name]} /></svg>`;
}
