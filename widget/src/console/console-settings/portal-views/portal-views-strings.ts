import type { Locale } from '../../../i18n/strings.js';

/** The views tab's strings, in English and French (the seed articles' "Views to display"). */
const en = {
  sidePanel: 'Show the side panel',
  sidePanelHelp: 'Customers filter their tickets with the views of the side panel.',
  views: 'Views in the side panel',
  off: 'The side panel is hidden, so these views are not offered. Show it to choose them.',
  'view.all': 'All',
  'view.all.help': 'Every ticket the customer may see.',
  'view.myOpen': 'My open',
  'view.myOpen.help': 'Their tickets still open.',
  'view.myClosed': 'My closed',
  'view.myClosed.help': 'Their resolved and closed tickets.',
  'view.followed': 'Followed',
  'view.followed.help': 'Tickets they follow.',
  'view.types': 'By type',
  'view.types.help': 'One view for each ticket type shown on this portal.',
  save: 'Save',
};

export type ViewsKey = keyof typeof en;

const fr: Record<ViewsKey, string> = {
  sidePanel: 'Afficher le panneau latéral',
  sidePanelHelp: 'Les clients filtrent leurs tickets avec les vues du panneau latéral.',
  views: 'Vues du panneau latéral',
  off: 'Le panneau latéral est masqué : ces vues ne sont pas proposées. Affichez-le pour les choisir.',
  'view.all': 'Tous',
  'view.all.help': 'Tous les tickets que le client peut voir.',
  'view.myOpen': 'Mes ouverts',
  'view.myOpen.help': 'Leurs tickets encore ouverts.',
  'view.myClosed': 'Mes fermés',
  'view.myClosed.help': 'Leurs tickets résolus et fermés.',
  'view.followed': 'Suivis',
  'view.followed.help': 'Les tickets qu’ils suivent.',
  'view.types': 'Par type',
  'view.types.help': 'Une vue par type de ticket affiché sur ce portail.',
  save: 'Enregistrer',
};

const catalogs: Record<Locale, Record<ViewsKey, string>> = { en, fr };

/** Looks a key of the views tab up. */
export function viewsText(locale: Locale, key: ViewsKey): string {
  return catalogs[locale][key];
}
