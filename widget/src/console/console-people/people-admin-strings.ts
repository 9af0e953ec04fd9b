import type { Locale } from '../../i18n/strings.js';
import { fill } from '../admin-kit/admin-kit-strings.js';

/** The admins' parts of the people pages (invitations, roles, deactivation, organizations), in English and French. */
const en = {
  invite: 'Invite someone',
  inviteTitle: 'Invite someone by email',
  inviteHint: 'They get an email with a link to sign in: staff to the console, a customer to the portal chosen.',
  nameOptional: 'Name (optional)',
  portal: 'Portal whose link they get',
  sendInvite: 'Send the invitation',
  newOrganization: 'New organization',
  domain: 'Email domain (optional)',
  domainHint: 'People signing up with an address at this domain join the organization.',
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  deactivated: 'Deactivated',
  access: 'Access',
  activeText: 'Can sign in.',
  deactivatedText: 'Deactivated: cannot sign in. Their tickets stay.',
  confirmDeactivate:
    'Deactivate {name}? They can no longer sign in and their sessions end. Tickets assigned to them go back to the queue; their tickets, messages and history stay. You can reactivate them later.',
  deleteOrganization: 'Delete the organization',
  confirmDeleteOrg:
    'Delete {name}? Its members and their tickets stay, without an organization; customers stop seeing their colleagues’ tickets through it.',
  addMember: 'Add a member',
  removeMember: 'Remove {name} from the organization',
  memberMoves: 'Adding someone moves them from their current organization.',
};

export type PeopleAdminKey = keyof typeof en;

const fr: Record<PeopleAdminKey, string> = {
  invite: 'Inviter quelqu’un',
  inviteTitle: 'Inviter quelqu’un par e-mail',
  inviteHint:
    'La personne reçoit un e-mail avec un lien de connexion : à la console pour l’équipe, au portail choisi pour un client.',
  nameOptional: 'Nom (facultatif)',
  portal: 'Portail dont elle reçoit le lien',
  sendInvite: 'Envoyer l’invitation',
  newOrganization: 'Nouvelle organisation',
  domain: 'Domaine e-mail (facultatif)',
  domainHint: 'Les personnes qui s’inscrivent avec une adresse de ce domaine rejoignent l’organisation.',
  deactivate: 'Désactiver',
  reactivate: 'Réactiver',
  deactivated: 'Désactivé',
  access: 'Accès',
  activeText: 'Peut se connecter.',
  deactivatedText: 'Désactivé : ne peut plus se connecter. Ses tickets restent.',
  confirmDeactivate:
    'Désactiver {name} ? La personne ne pourra plus se connecter et ses sessions prennent fin. Les tickets qui lui sont assignés reviennent dans la file ; ses tickets, messages et historique restent. Vous pourrez la réactiver plus tard.',
  deleteOrganization: 'Supprimer l’organisation',
  confirmDeleteOrg:
    'Supprimer {name} ? Ses membres et leurs tickets restent, sans organisation ; les clients ne voient plus les tickets de leurs collègues par son intermédiaire.',
  addMember: 'Ajouter un membre',
  removeMember: 'Retirer {name} de l’organisation',
  memberMoves: 'Ajouter quelqu’un le retire de son organisation actuelle.',
};

const catalogs: Record<Locale, Record<PeopleAdminKey, string>> = { en, fr };

export const peopleAdminText = (locale: Locale, key: PeopleAdminKey, params?: Record<string, string | number>) =>
  fill(catalogs[locale][key], params);
