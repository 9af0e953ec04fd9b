import type { Locale } from '../../i18n/strings.js';

/** Strings of the admin pieces the people and settings pages share (confirmations, the people search), in English and French. */
const en = {
  cancel: 'Cancel',
  delete: 'Delete',
  remove: 'Remove',
  create: 'Create',
  edit: 'Edit',
  name: 'Name',
  pickSearch: 'Search by name or email',
  pickNone: 'No one matches.',
  pickAdd: 'Add {name}',
  pickOrg: 'Organization',
  moveUp: 'Move {name} up',
  moveDown: 'Move {name} down',
  removeNamed: 'Remove {name}',
};

export type KitKey = keyof typeof en;

const fr: Record<KitKey, string> = {
  cancel: 'Annuler',
  delete: 'Supprimer',
  remove: 'Retirer',
  create: 'Créer',
  edit: 'Modifier',
  name: 'Nom',
  pickSearch: 'Rechercher par nom ou e-mail',
  pickNone: 'Personne ne correspond.',
  pickAdd: 'Ajouter {name}',
  pickOrg: 'Organisation',
  moveUp: 'Monter {name}',
  moveDown: 'Descendre {name}',
  removeNamed: 'Retirer {name}',
};

/** Fills `{placeholders}` of a catalog's text; the pages' own catalogs use it too. */
export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

const catalogs: Record<Locale, Record<KitKey, string>> = { en, fr };

export function kitText(locale: Locale, key: KitKey, params?: Record<string, string | number>): string {
  return fill(catalogs[locale][key], params);
}
