/** The languages the API speaks. */
export type Locale = 'en' | 'fr';

/**
 * The language of a request's `Accept-Language`: the first of English and
 * French in the client's order of preference (`q` weights honoured, ties kept
 * in the order written), English when it names neither.
 */
export function requestLocale(header: string | undefined): Locale {
  if (!header || header.length > 1000) return 'en';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const weight = params
        .map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1])
        .find((q) => q !== undefined);
      return {
        language: tag.trim().toLowerCase().split('-')[0] ?? '',
        q: weight === undefined ? 1 : Number(weight),
        index,
      };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { language } of ranges) {
    if (language === 'fr' || language === 'en') return language;
  }
  return 'en';
}
