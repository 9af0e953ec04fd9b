// WCAG 2 relative luminance and contrast ratio of `#rrggbb` colors: what the
// widget picks readable text with (readableOn) and what the console's
// appearance page warns with (below AA's 4.5:1 for normal text).

/** The minimum contrast ratio of normal text (WCAG AA). */
export const AA_RATIO = 4.5;

/** Relative luminance (0 black … 1 white) of a `#rrggbb` color. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two `#rrggbb` colors, from 1 (same) to 21 (black on white); order does not matter. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
