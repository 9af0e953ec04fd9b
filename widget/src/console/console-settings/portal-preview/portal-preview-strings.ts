import type { Locale } from '../../../i18n/strings.js';

/** The preview-as-customer tab's strings, in English and French. */
const en = {
  intro:
    'See this portal exactly as one customer sees it: their tickets, under the portal’s rules. Read-only: nothing you do there changes anything.',
  find: 'Find a customer',
  findPlaceholder: 'Name or email',
  searching: 'Searching…',
  noMatch: 'No customer matches “{q}”.',
  typeToSearch: 'Type a name or an email address.',
  viewAs: 'View as {name}',
  opening: 'Opening the preview…',
  banner: 'You are seeing {portal} as {name} ({email}). Read-only: changes are refused.',
  exit: 'Leave the preview',
  widgetFailed: 'The portal could not be loaded. Try again.',
  ended: 'The preview ended (it lasts an hour). Pick the customer again to see more.',
};

export type PreviewKey = keyof typeof en;

const fr: Record<PreviewKey, string> = {
  intro:
    'Voyez ce portail exactement comme un client le voit : ses tickets, selon les règles du portail. En lecture seule : rien de ce que vous y faites ne change quoi que ce soit.',
  find: 'Trouver un client',
  findPlaceholder: 'Nom ou e-mail',
  searching: 'Recherche…',
  noMatch: 'Aucun client ne correspond à « {q} ».',
  typeToSearch: 'Saisissez un nom ou une adresse e-mail.',
  viewAs: 'Voir comme {name}',
  opening: 'Ouverture de l’aperçu…',
  banner: 'Vous voyez {portal} comme {name} ({email}). En lecture seule : les modifications sont refusées.',
  exit: 'Quitter l’aperçu',
  widgetFailed: 'Le portail n’a pas pu être chargé. Réessayez.',
  ended: 'L’aperçu a pris fin (il dure une heure). Choisissez de nouveau le client pour continuer.',
};

const catalogs: Record<Locale, Record<PreviewKey, string>> = { en, fr };

/** Looks a preview key up, filling `{placeholders}` from `params`. */
export function previewText(locale: Locale, key: PreviewKey, params: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
