import type { Locale } from '../../../i18n/strings.js';

/** The portals list's strings, in English and French. */
const en = {
  intro:
    'Each portal is a customer app of its own: a tickets portal shows tickets, a tasks portal shows tasks. A disabled portal is hidden from customers (the widget says it is not available); its settings and tickets are kept.',
  loading: 'Loading the portals…',
  empty: 'No portal yet. Create the first one below: customers use it to follow their tickets.',
  name: 'Name',
  slug: 'Slug',
  kind: 'Kind',
  state: 'State',
  actions: 'Actions',
  enable: 'Enable {name}',
  disable: 'Disable {name}',
  enableShort: 'Enable',
  disableShort: 'Disable',
  remove: 'Delete {name}',
  removeShort: 'Delete',
  create: 'New portal',
  slugHint: 'Used in the script tag and the portal’s address: a-z, 0-9 and -, not starting with -.',
  slugInvalid: 'Slug: use 1 to 64 characters of a-z, 0-9 and -, not starting with -.',
  createButton: 'Create portal',
  created: 'Portal {name} created.',
  enabled: '{name} is enabled: customers can use it again.',
  disabled: '{name} is disabled: customers no longer see it.',
  deleted: '{name} deleted.',
  confirmTitle: 'Delete {name}?',
  confirmGoes:
    'Its settings go (who sees what, detail panel, views, appearance, allowed sites), customers signed in through it are signed out, and its support addresses stop opening tickets.',
  confirmStays:
    'Tickets, customers and organizations stay: agents still see the tickets in the inbox, and the host site’s identity keys are kept.',
  confirmAgain: 'A portal can be created again with the slug {slug}; it starts from the default settings.',
  cancel: 'Cancel',
  confirmDelete: 'Delete the portal',
};

export type PortalsKey = keyof typeof en;

const fr: Record<PortalsKey, string> = {
  intro:
    'Chaque portail est une application client à part : un portail de tickets montre des tickets, un portail de tâches des tâches. Un portail désactivé est caché aux clients (le widget dit qu’il n’est pas disponible) ; ses paramètres et ses tickets sont conservés.',
  loading: 'Chargement des portails…',
  empty: 'Aucun portail pour l’instant. Créez le premier ci-dessous : les clients y suivent leurs tickets.',
  name: 'Nom',
  slug: 'Identifiant',
  kind: 'Type',
  state: 'État',
  actions: 'Actions',
  enable: 'Activer {name}',
  disable: 'Désactiver {name}',
  enableShort: 'Activer',
  disableShort: 'Désactiver',
  remove: 'Supprimer {name}',
  removeShort: 'Supprimer',
  create: 'Nouveau portail',
  slugHint: 'Utilisé dans la balise script et l’adresse du portail : a-z, 0-9 et -, sans commencer par -.',
  slugInvalid: 'Identifiant : de 1 à 64 caractères parmi a-z, 0-9 et -, sans commencer par -.',
  createButton: 'Créer le portail',
  created: 'Portail {name} créé.',
  enabled: '{name} est activé : les clients peuvent de nouveau l’utiliser.',
  disabled: '{name} est désactivé : les clients ne le voient plus.',
  deleted: '{name} supprimé.',
  confirmTitle: 'Supprimer {name} ?',
  confirmGoes:
    'Ses paramètres disparaissent (qui voit quoi, panneau de détails, vues, apparence, sites autorisés), les clients connectés par ce portail sont déconnectés et ses adresses de support n’ouvrent plus de tickets.',
  confirmStays:
    'Les tickets, les clients et les organisations restent : les agents voient toujours les tickets dans la boîte de réception, et les clés d’identité du site hôte sont conservées.',
  confirmAgain: 'Un portail peut être recréé avec l’identifiant {slug} ; il repart des paramètres par défaut.',
  cancel: 'Annuler',
  confirmDelete: 'Supprimer le portail',
};

const catalogs: Record<Locale, Record<PortalsKey, string>> = { en, fr };

/** Looks a key of the portals list up, filling `{placeholders}` from `params`. */
export function portalsText(locale: Locale, key: PortalsKey, params: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
