import type { Locale } from '../../../i18n/strings.js';

/** The detail panel tab's strings, in English and French (standard properties named as the widget names them). */
const en = {
  intro:
    'The properties customers see on a ticket, in this order. Drag a row, or use its arrows (or Alt+↑ and Alt+↓ on a row) to move it. An editable property can be changed by the customer; the others are read only.',
  property: 'Property',
  editable: 'Editable',
  actions: 'Actions',
  readOnly: 'Read only',
  editableOf: '{name} editable',
  up: 'Move {name} up',
  down: 'Move {name} down',
  remove: 'Remove {name}',
  moved: '{name} moved to position {position} of {count}.',
  removed: '{name} removed.',
  added: '{name} added at the end.',
  none: 'No property is listed: customers see no detail panel on their tickets.',
  add: 'Add another property to the detail panel',
  choose: 'Choose a property…',
  addButton: 'Add',
  allListed: 'Every property is listed.',
  loadingFields: 'Loading the custom fields…',
  save: 'Save',
  'std.status': 'Status',
  'std.priority': 'Priority',
  'std.type': 'Type',
  'std.project': 'Project',
  'std.assignee': 'Assignee',
  'std.requester': 'Requester',
  'std.created_at': 'Created',
  'std.updated_at': 'Updated',
  'std.percent_complete': '% complete',
  'std.due_date': 'Due date',
  standard: 'Standard fields',
  custom: 'Custom fields',
};

export type PropertiesKey = keyof typeof en;

const fr: Record<PropertiesKey, string> = {
  intro:
    'Les propriétés que les clients voient sur un ticket, dans cet ordre. Faites glisser une ligne, ou utilisez ses flèches (ou Alt+↑ et Alt+↓ sur une ligne) pour la déplacer. Une propriété modifiable peut être changée par le client ; les autres sont en lecture seule.',
  property: 'Propriété',
  editable: 'Modifiable',
  actions: 'Actions',
  readOnly: 'Lecture seule',
  editableOf: '{name} modifiable',
  up: 'Monter {name}',
  down: 'Descendre {name}',
  remove: 'Retirer {name}',
  moved: '{name} déplacé en position {position} sur {count}.',
  removed: '{name} retiré.',
  added: '{name} ajouté à la fin.',
  none: 'Aucune propriété n’est listée : les clients ne voient pas de panneau de détails sur leurs tickets.',
  add: 'Ajouter une autre propriété au panneau de détails',
  choose: 'Choisir une propriété…',
  addButton: 'Ajouter',
  allListed: 'Toutes les propriétés sont listées.',
  loadingFields: 'Chargement des champs personnalisés…',
  save: 'Enregistrer',
  'std.status': 'Statut',
  'std.priority': 'Priorité',
  'std.type': 'Type',
  'std.project': 'Projet',
  'std.assignee': 'Assigné à',
  'std.requester': 'Demandeur',
  'std.created_at': 'Créé le',
  'std.updated_at': 'Mis à jour le',
  'std.percent_complete': '% d’avancement',
  'std.due_date': 'Échéance',
  standard: 'Champs standard',
  custom: 'Champs personnalisés',
};

const catalogs: Record<Locale, Record<PropertiesKey, string>> = { en, fr };

/** Looks a key of the detail panel tab up, filling `{placeholders}` from `params`. */
export function propertiesText(
  locale: Locale,
  key: PropertiesKey,
  params: Record<string, string | number> = {},
): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
