import type { Locale } from '../../../i18n/strings.js';
import { fill } from '../../admin-kit/admin-kit-strings.js';

/** The audit log's strings, in English and French. */
const en = {
  title: 'Audit log',
  targetFilter: 'What changed',
  actorFilter: 'Who',
  anything: 'Anything',
  anyone: 'Anyone',
  none: 'Nothing recorded yet.',
  noneMatch: 'No change matches these filters.',
  loading: 'Loading the log…',
  created: '{actor} created {target}',
  updated: '{actor} changed {target}',
  deleted: '{actor} deleted {target}',
  added: '{actor} added to {target}',
  removed: '{actor} removed from {target}',
  uploaded: '{actor} uploaded to {target}',
  deactivated: '{actor} deactivated {target}',
  reactivated: '{actor} reactivated {target}',
  other: '{actor} — {action} — {target}',
  someone: 'Someone',
  nothingValue: '(none)',
  yes: 'yes',
  no: 'no',
  'type.portal': 'Portal',
  'type.host_site': 'Allowed site',
  'type.user': 'Person',
  'type.organization': 'Organization',
  'type.project': 'Project',
  'type.ticket_type': 'Ticket type',
  'type.custom_field': 'Custom field',
};

export type AuditKey = keyof typeof en;

const fr: Record<AuditKey, string> = {
  title: 'Journal des modifications',
  targetFilter: 'Ce qui a changé',
  actorFilter: 'Qui',
  anything: 'Tout',
  anyone: 'Tout le monde',
  none: 'Rien d’enregistré pour l’instant.',
  noneMatch: 'Aucune modification ne correspond à ces filtres.',
  loading: 'Chargement du journal…',
  created: '{actor} a créé {target}',
  updated: '{actor} a modifié {target}',
  deleted: '{actor} a supprimé {target}',
  added: '{actor} a ajouté à {target}',
  removed: '{actor} a retiré de {target}',
  uploaded: '{actor} a téléversé pour {target}',
  deactivated: '{actor} a désactivé {target}',
  reactivated: '{actor} a réactivé {target}',
  other: '{actor} — {action} — {target}',
  someone: 'Quelqu’un',
  nothingValue: '(aucun)',
  yes: 'oui',
  no: 'non',
  'type.portal': 'Portail',
  'type.host_site': 'Site autorisé',
  'type.user': 'Personne',
  'type.organization': 'Organisation',
  'type.project': 'Projet',
  'type.ticket_type': 'Type de ticket',
  'type.custom_field': 'Champ personnalisé',
};

const catalogs: Record<Locale, Record<AuditKey, string>> = { en, fr };

export const auditText = (locale: Locale, key: AuditKey, params?: Record<string, string | number>) =>
  fill(catalogs[locale][key], params);
