import type { Locale } from '../../../i18n/strings.js';
import { fill } from '../../admin-kit/admin-kit-strings.js';

/** The projects page's strings, in English and French. */
const en = {
  title: 'Projects',
  intro: 'Customers and organizations who follow a project see its shared tickets where a portal allows it.',
  newProject: 'New project',
  none: 'No projects yet. Create the first one above.',
  loading: 'Loading projects…',
  followers: 'Who follows {name}',
  people: 'People',
  organizations: 'Organizations',
  noPeople: 'No one follows it on their own.',
  noOrganizations: 'No organization follows it.',
  addFollower: 'Add a customer or an organization',
  confirmDelete:
    'Delete the project {name}? Its tickets stay, without a project, and its followers no longer see them through it.',
  deleted: 'Project {name} deleted.',
};

export type ProjectsKey = keyof typeof en;

const fr: Record<ProjectsKey, string> = {
  title: 'Projets',
  intro: 'Les clients et organisations qui suivent un projet voient ses tickets partagés quand un portail le permet.',
  newProject: 'Nouveau projet',
  none: 'Aucun projet pour l’instant. Créez le premier ci-dessus.',
  loading: 'Chargement des projets…',
  followers: 'Qui suit {name}',
  people: 'Personnes',
  organizations: 'Organisations',
  noPeople: 'Personne ne le suit à titre individuel.',
  noOrganizations: 'Aucune organisation ne le suit.',
  addFollower: 'Ajouter un client ou une organisation',
  confirmDelete:
    'Supprimer le projet {name} ? Ses tickets restent, sans projet, et ses abonnés ne les voient plus par son intermédiaire.',
  deleted: 'Projet {name} supprimé.',
};

const catalogs: Record<Locale, Record<ProjectsKey, string>> = { en, fr };

export const projectsText = (locale: Locale, key: ProjectsKey, params?: Record<string, string | number>) =>
  fill(catalogs[locale][key], params);
