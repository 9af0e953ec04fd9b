import type { Locale } from '../../i18n/strings.js';

/**
 * The settings shell's strings (navigation, a portal's header and tabs), in
 * English and French. Each settings page keeps its own strings beside it, so
 * pages are changed without touching one another's catalogs.
 */
const en = {
  settingsTitle: 'Settings',
  settingsNav: 'Settings',
  'page.portals': 'Portals',
  'page.projects': 'Projects',
  'page.catalog': 'Types and fields',
  'page.audit': 'Audit log',
  adminsOnly: 'Only admins change the settings. Ask an admin of your team if something here needs to change.',
  portalTabs: 'Portal settings',
  'tab.access': 'Who sees what',
  'tab.properties': 'Detail panel',
  'tab.views': 'Views',
  'tab.appearance': 'Appearance',
  'tab.embedding': 'Embedding and sign-in',
  'tab.preview': 'Preview as customer',
  backToPortals: 'All portals',
  'state.enabled': 'Enabled',
  'state.disabled': 'Disabled',
  'kind.ticket': 'Tickets portal',
  'kind.task': 'Tasks portal',
  loadingPortal: 'Loading the portal…',
  retry: 'Try again',
  saving: 'Saving…',
  saved: 'Saved.',
};

export type SettingsKey = keyof typeof en;

const fr: Record<SettingsKey, string> = {
  settingsTitle: 'Paramètres',
  settingsNav: 'Paramètres',
  'page.portals': 'Portails',
  'page.projects': 'Projets',
  'page.catalog': 'Types et champs',
  'page.audit': 'Journal des modifications',
  adminsOnly:
    'Seuls les administrateurs modifient les paramètres. Demandez à un administrateur de votre équipe si quelque chose doit changer ici.',
  portalTabs: 'Paramètres du portail',
  'tab.access': 'Qui voit quoi',
  'tab.properties': 'Panneau de détails',
  'tab.views': 'Vues',
  'tab.appearance': 'Apparence',
  'tab.embedding': 'Intégration et connexion',
  'tab.preview': 'Voir comme un client',
  backToPortals: 'Tous les portails',
  'state.enabled': 'Activé',
  'state.disabled': 'Désactivé',
  'kind.ticket': 'Portail de tickets',
  'kind.task': 'Portail de tâches',
  loadingPortal: 'Chargement du portail…',
  retry: 'Réessayer',
  saving: 'Enregistrement…',
  saved: 'Enregistré.',
};

const catalogs: Record<Locale, Record<SettingsKey, string>> = { en, fr };

/** Looks a settings key up, filling `{placeholders}` from `params`. */
export function settingsText(locale: Locale, key: SettingsKey, params: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
