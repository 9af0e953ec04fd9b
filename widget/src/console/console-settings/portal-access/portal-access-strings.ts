import type { Locale } from '../../../i18n/strings.js';

/** The "Who sees what" tab's strings, in English and French (the rules in the seed articles' words). */
const en = {
  rules: 'Customers can see',
  'rule.ownOrFollowed': 'Tickets they requested or follow',
  'rule.ownOrFollowed.help': 'Their own tickets, and tickets where they were added as a follower.',
  'rule.organization': 'Tickets requested by themselves or others in their organization',
  'rule.organization.help': 'Tickets by other customers of their organization, except those opened privately.',
  'rule.followedProjects': 'Tickets in projects they are following',
  'rule.followedProjects.help': 'Tickets (not private) in the projects they or their organization follow.',
  autoFollow: 'Customers automatically follow the tickets they create.',
  noRule: 'No rule is checked: customers see no ticket at all on this portal, not even their own.',
  types: 'Ticket types shown',
  typesHelp: 'Only tickets of the checked types are shown, and they must also fall under a rule above.',
  noType: 'No type is checked: customers see no ticket on this portal.',
  loadingTypes: 'Loading the ticket types…',
  save: 'Save',
};

export type AccessKey = keyof typeof en;

const fr: Record<AccessKey, string> = {
  rules: 'Les clients peuvent voir',
  'rule.ownOrFollowed': 'Les tickets qu’ils ont demandés ou qu’ils suivent',
  'rule.ownOrFollowed.help': 'Leurs propres tickets, et ceux où ils ont été ajoutés comme abonnés.',
  'rule.organization': 'Les tickets demandés par eux-mêmes ou par d’autres membres de leur organisation',
  'rule.organization.help': 'Les tickets des autres clients de leur organisation, sauf ceux ouverts en privé.',
  'rule.followedProjects': 'Les tickets des projets qu’ils suivent',
  'rule.followedProjects.help': 'Les tickets (non privés) des projets qu’eux-mêmes ou leur organisation suivent.',
  autoFollow: 'Les clients suivent automatiquement les tickets qu’ils créent.',
  noRule: 'Aucune règle n’est cochée : les clients ne voient aucun ticket sur ce portail, pas même les leurs.',
  types: 'Types de tickets affichés',
  typesHelp: 'Seuls les tickets des types cochés sont affichés, et ils doivent aussi relever d’une règle ci-dessus.',
  noType: 'Aucun type n’est coché : les clients ne voient aucun ticket sur ce portail.',
  loadingTypes: 'Chargement des types de tickets…',
  save: 'Enregistrer',
};

const catalogs: Record<Locale, Record<AccessKey, string>> = { en, fr };

/** Looks a key of the access tab up. */
export function accessText(locale: Locale, key: AccessKey): string {
  return catalogs[locale][key];
}
