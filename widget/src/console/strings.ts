import type { Locale } from '../i18n/strings.js';

/**
 * The console's own strings, in English and French. Kept apart from the
 * widget's catalog (`../i18n/strings.ts`, whose keys the console also uses
 * through `t()`), so the console never grows the customer widget's bundle.
 */
const en = {
  product: 'Tickets Portal',
  consoleName: 'Support console',
  signedInAs: 'Signed in as {name} ({email})',
  signOut: 'Sign out',
  signInHint: 'For the support team: agents and admins sign in with the code emailed to them, or with a passkey.',
  notStaff: '{email} is a customer account. The console is for the support team; sign out to use another account.',
  inboxTitle: 'Inbox',
  inboxSoon: 'The inbox arrives with the console: tickets and tasks to answer will be listed here.',
  notFoundTitle: 'Page not found',
  notFound: 'There is no such page in the console.',
  home: 'Go to the inbox',
  loadError: 'The support service cannot be reached. Check your connection and reload the page.',
  pageTitle: '{page} · Tickets Portal console',
};

export type ConsoleKey = keyof typeof en;

const fr: Record<ConsoleKey, string> = {
  product: 'Tickets Portal',
  consoleName: 'Console de support',
  signedInAs: 'Connecté·e en tant que {name} ({email})',
  signOut: 'Se déconnecter',
  signInHint: 'Pour l’équipe de support : agents et administrateurs se connectent avec le code reçu par e-mail, ou avec une clé d’accès.',
  notStaff: '{email} est un compte client. La console est réservée à l’équipe de support ; déconnectez-vous pour utiliser un autre compte.',
  inboxTitle: 'Boîte de réception',
  inboxSoon: 'La boîte de réception arrive avec la console : les tickets et tâches à traiter seront listés ici.',
  notFoundTitle: 'Page introuvable',
  notFound: 'Cette page n’existe pas dans la console.',
  home: 'Aller à la boîte de réception',
  loadError: 'Le service de support est injoignable. Vérifiez votre connexion et rechargez la page.',
  pageTitle: '{page} · Console Tickets Portal',
};

const catalogs: Record<Locale, Record<ConsoleKey, string>> = { en, fr };

/** Looks a console key up, filling `{placeholders}` from `params`. */
export function consoleText(locale: Locale, key: ConsoleKey, params: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
