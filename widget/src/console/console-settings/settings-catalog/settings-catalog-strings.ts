import type { Locale } from '../../../i18n/strings.js';
import { fill } from '../../admin-kit/admin-kit-strings.js';

/** The catalog page's strings (ticket types and custom fields), in English and French. */
const en = {
  title: 'Types and fields',
  types: 'Ticket types',
  typesIntro: 'Customers pick a type when they open a ticket; portals show the types checked for them.',
  fields: 'Custom fields',
  fieldsIntro: 'Extra properties of tickets. Add them to a portal’s detail panel for customers to see.',
  newType: 'New ticket type',
  newField: 'New custom field',
  editType: 'Edit the type {name}',
  editField: 'Edit the field {name}',
  key: 'Key',
  keyHint: 'Lower case letters, digits and {sep}; suggested from the name.',
  keyFixed: 'The key cannot change: tickets and portals refer to the field by it.',
  keyInvalid: 'Use 1 to 40 lower case letters, digits and {sep}.',
  shownOn: 'Portals that show it',
  noPortals: 'No portal yet.',
  shownNowhere: 'No portal',
  noTypes: 'No ticket types yet.',
  noFields: 'No custom fields yet.',
  loading: 'Loading the catalog…',
  kind: 'Kind',
  'kind.text': 'Text',
  'kind.long_text': 'Long text',
  'kind.number': 'Number',
  'kind.percent': 'Percent',
  'kind.date': 'Date',
  'kind.select': 'Select',
  'kind.checkbox': 'Checkbox',
  options: 'Options',
  option: 'Option {n}',
  addOption: 'Add an option',
  needOptions: 'A select field needs at least one option.',
  usedBy: 'Ticket types that use it',
  allTypesHint: 'None checked: every type uses it.',
  allTypes: 'All types',
  required: 'Required when a ticket is created',
  confirmType: 'Delete the ticket type {name}? Portals stop offering it. A type that tickets use cannot be deleted.',
  confirmField: 'Delete the field {name}? Portals stop showing it.',
  fieldValues:
    '{count} tickets have a value for {name}; deleting removes those values and notes it on each ticket’s history. Delete?',
  fieldValuesOne:
    '1 ticket has a value for {name}; deleting removes that value and notes it on the ticket’s history. Delete?',
  deleted: '{name} deleted.',
};

export type CatalogKey = keyof typeof en;

const fr: Record<CatalogKey, string> = {
  title: 'Types et champs',
  types: 'Types de tickets',
  typesIntro:
    'Les clients choisissent un type en ouvrant un ticket ; chaque portail propose les types cochés pour lui.',
  fields: 'Champs personnalisés',
  fieldsIntro:
    'Des propriétés supplémentaires des tickets. Ajoutez-les au panneau de détails d’un portail pour que les clients les voient.',
  newType: 'Nouveau type de ticket',
  newField: 'Nouveau champ personnalisé',
  editType: 'Modifier le type {name}',
  editField: 'Modifier le champ {name}',
  key: 'Clé',
  keyHint: 'Lettres minuscules, chiffres et {sep} ; proposée à partir du nom.',
  keyFixed: 'La clé ne peut pas changer : les tickets et les portails désignent le champ par elle.',
  keyInvalid: 'Utilisez de 1 à 40 lettres minuscules, chiffres et {sep}.',
  shownOn: 'Portails qui le proposent',
  noPortals: 'Aucun portail pour l’instant.',
  shownNowhere: 'Aucun portail',
  noTypes: 'Aucun type de ticket pour l’instant.',
  noFields: 'Aucun champ personnalisé pour l’instant.',
  loading: 'Chargement du catalogue…',
  kind: 'Genre',
  'kind.text': 'Texte',
  'kind.long_text': 'Texte long',
  'kind.number': 'Nombre',
  'kind.percent': 'Pourcentage',
  'kind.date': 'Date',
  'kind.select': 'Liste de choix',
  'kind.checkbox': 'Case à cocher',
  options: 'Choix',
  option: 'Choix {n}',
  addOption: 'Ajouter un choix',
  needOptions: 'Une liste de choix en demande au moins un.',
  usedBy: 'Types de tickets qui l’utilisent',
  allTypesHint: 'Aucun coché : tous les types l’utilisent.',
  allTypes: 'Tous les types',
  required: 'Obligatoire à la création d’un ticket',
  confirmType:
    'Supprimer le type de ticket {name} ? Les portails cessent de le proposer. Un type utilisé par des tickets ne peut pas être supprimé.',
  confirmField: 'Supprimer le champ {name} ? Les portails cessent de l’afficher.',
  fieldValues:
    '{count} tickets ont une valeur pour {name} ; la suppression efface ces valeurs et le note dans l’historique de chaque ticket. Supprimer ?',
  fieldValuesOne:
    '1 ticket a une valeur pour {name} ; la suppression efface cette valeur et le note dans l’historique du ticket. Supprimer ?',
  deleted: '{name} supprimé.',
};

const catalogs: Record<Locale, Record<CatalogKey, string>> = { en, fr };

export const catalogText = (locale: Locale, key: CatalogKey, params?: Record<string, string | number>) =>
  fill(catalogs[locale][key], params);
