/**
 * Every error message the API writes, in English (the key) and in French.
 * `{name}` marks a parameter filled in when the error is raised. A field's
 * name is put in front by the error itself (`email: must be …`), so most
 * entries are the part after it. The key type is what `ApiError` accepts, so
 * a message without its translation does not compile; zod messages written in
 * schemas are looked up here too (a test checks each one has an entry).
 */
export const FRENCH_MESSAGES = {
  // Generic answers, by status.
  'Bad request.': 'Requête invalide.',
  'Not allowed.': 'Action non autorisée.',
  'Not found.': 'Introuvable.',
  'Method not allowed.': 'Méthode non autorisée.',
  'Conflict.': 'Conflit.',
  'Too large.': 'Trop volumineux.',
  'Unsupported media type.': 'Type de contenu non pris en charge.',
  'Unprocessable request.': 'Requête impossible à traiter.',
  'Request failed.': 'La requête a échoué.',
  'Something went wrong on our side.': 'Une erreur s’est produite de notre côté.',

  // Not found (404): the same answer for missing and forbidden.
  'No such route.': 'Cette route n’existe pas.',
  'No such ticket.': 'Ce ticket n’existe pas.',
  'No such portal.': 'Ce portail n’existe pas.',
  'No such user.': 'Cet utilisateur n’existe pas.',
  'No such person.': 'Cette personne est introuvable.',
  'No such organization.': 'Cette organisation n’existe pas.',
  'No such message.': 'Ce message n’existe pas.',
  'No such follower.': 'Cette personne ne suit pas ce ticket.',
  'No such attachment.': 'Cette pièce jointe n’existe pas.',
  'No such passkey.': 'Cette clé d’accès n’existe pas.',
  'No such project.': 'Ce projet n’existe pas.',
  'No such ticket type.': 'Ce type de ticket n’existe pas.',
  'No such custom field.': 'Ce champ personnalisé n’existe pas.',
  'No such host site.': 'Ce site hôte n’existe pas.',
  'No such identity key.': 'Cette clé d’identité n’existe pas.',
  'No such inbound email.': 'Cet e-mail reçu n’existe pas.',
  'No such logo.': 'Ce logo n’existe pas.',

  // Request framing and bodies.
  'Body is not valid JSON.': 'Le corps de la requête n’est pas du JSON valide.',
  'Send the body as application/json.': 'Envoyez le corps de la requête en application/json.',
  'The body is larger than {max} bytes.': 'Le corps de la requête dépasse {max} octets.',
  'content-type: send the file as multipart/form-data.': 'content-type : envoyez le fichier en multipart/form-data.',
  'is larger than {max} bytes.': 'dépasse {max} octets.',
  'is not valid multipart/form-data.': 'n’est pas un multipart/form-data valide.',
  'must be a file part with a filename.': 'doit être une partie fichier avec un nom de fichier.',
  'send one file per request.': 'envoyez un seul fichier par requête.',
  'is empty.': 'est vide.',
  'unknown field.': 'champ inconnu.',
  'must not contain NUL bytes.': 'ne doit pas contenir d’octet NUL.',
  'is invalid.': 'est invalide.',
  'is required.': 'est obligatoire.',
  'is listed twice.': 'figure deux fois.',
  'nothing to change.': 'rien à modifier.',
  'is not a cursor this list handed out.': 'n’est pas un curseur fourni par cette liste.',
  'belongs to another sort or order; start again without it.':
    'appartient à un autre tri ou à un autre ordre ; recommencez sans lui.',

  // Sessions and sign-in.
  'Sign in to continue.': 'Connectez-vous pour continuer.',
  'Sign in again.': 'Connectez-vous à nouveau.',
  'Sign in again to do this.': 'Connectez-vous à nouveau pour faire ceci.',
  'This session belongs to another portal.': 'Cette session appartient à un autre portail.',
  'This needs an agent or admin account.': 'Il faut un compte d’agent ou d’administrateur.',
  'This needs an admin account.': 'Il faut un compte d’administrateur.',
  'Open the full-screen portal to manage your account.': 'Ouvrez le portail en plein écran pour gérer votre compte.',
  'Too many requests; try again in {seconds} seconds.': 'Trop de requêtes ; réessayez dans {seconds} secondes.',
  'code: wrong, expired or already used.': 'code : erroné, expiré ou déjà utilisé.',
  'token: expired or already used.': 'token : expiré ou déjà utilisé.',
  'The identity token was refused.': 'Le jeton d’identité a été refusé.',
  'The passkey was refused.': 'La clé d’accès a été refusée.',
  'The sign-in challenge is unknown, expired or already used.':
    'Le défi de connexion est inconnu, expiré ou déjà utilisé.',
  'response: unknown, expired or used challenge.': 'response : défi inconnu, expiré ou déjà utilisé.',
  'response: the passkey could not be verified.': 'response : la clé d’accès n’a pas pu être vérifiée.',
  'This passkey is already registered.': 'Cette clé d’accès est déjà enregistrée.',
  'This site ({origin}) is not allowed to embed portal "{portal}". Add it to the portal\'s allowedOrigins.':
    'Ce site ({origin}) n’est pas autorisé à intégrer le portail « {portal} ». Ajoutez-le aux allowedOrigins du portail.',

  // Customer tickets.
  'A preview cannot change anything.': 'Un aperçu ne peut rien modifier.',
  'Only the requester and followers can do this.': 'Seuls le demandeur et les abonnés du ticket peuvent faire ceci.',
  'this type cannot be used here.': 'ce type ne peut pas être utilisé ici.',
  'cannot be chosen in this portal.': 'ne peut pas être choisie dans ce portail.',
  'is not offered in this portal.': 'n’est pas proposée dans ce portail.',
  'this project cannot be used here.': 'ce projet ne peut pas être utilisé ici.',
  'This Idempotency-Key was used with a different request.': 'Cette Idempotency-Key a servi pour une autre requête.',
  'A request with this Idempotency-Key is still in progress.':
    'Une requête avec cette Idempotency-Key est encore en cours.',
  'cannot be changed from the portal.': 'ne peut pas être modifié depuis le portail.',
  'no such property.': 'cette propriété n’existe pas.',
  'is read-only in this portal.': 'est en lecture seule dans ce portail.',
  'does not apply to this ticket type.': 'ne s’applique pas à ce type de ticket.',
  'This ticket is already closed.': 'Ce ticket est déjà fermé.',
  'This ticket is not closed.': 'Ce ticket n’est pas fermé.',
  'This ticket has already been rated.': 'Ce ticket a déjà été évalué.',
  'This portal does not ask for ratings.': 'Ce portail ne demande pas d’évaluation.',
  'no such attachment on this ticket.': 'cette pièce jointe n’appartient pas à ce ticket.',
  'the requester always follows their ticket.': 'le demandeur suit toujours son ticket.',
  'this person cannot be added as a follower.': 'cette personne ne peut pas être ajoutée comme abonné.',
  'this portal shares tickets only with people of your organization.':
    'ce portail ne partage les tickets qu’avec les personnes de votre organisation.',
  'no such field for this type.': 'ce champ n’existe pas pour ce type.',

  // Admin.
  'Only an admin can manage agent and admin accounts.':
    'Seul un administrateur peut gérer les comptes d’agent et d’administrateur.',
  'role: you cannot change your own role.': 'role : vous ne pouvez pas changer votre propre rôle.',
  'You cannot delete your own account.': 'Vous ne pouvez pas supprimer votre propre compte.',
  'This user has tickets, messages, files or time entries; it cannot be deleted.':
    'Cet utilisateur a des tickets, des messages, des fichiers ou du temps saisi ; il ne peut pas être supprimé.',
  'Tickets of this type exist; it cannot be deleted.':
    'Des tickets de ce type existent ; il ne peut pas être supprimé.',
  'is claimed by another organization.': 'est déjà revendiqué par une autre organisation.',
  'another user has this email address.': 'un autre utilisateur a cette adresse e-mail.',
  'another portal has this slug.': 'un autre portail a ce slug.',
  'another ticket type has this key.': 'un autre type de ticket a cette clé.',
  'another custom field has this key.': 'un autre champ personnalisé a cette clé.',
  'another key of this host site has this kid.': 'une autre clé de ce site hôte a ce kid.',
  'A host site has at most {max} keys; remove one first.':
    'Un site hôte a au plus {max} clés ; supprimez-en une d’abord.',
  'no such user.': 'cet utilisateur n’existe pas.',
  'no such organization.': 'cette organisation n’existe pas.',
  'no such ticket type.': 'ce type de ticket n’existe pas.',
  'no such project.': 'ce projet n’existe pas.',
  'no such custom field.': 'ce champ personnalisé n’existe pas.',
  'no such portal.': 'ce portail n’existe pas.',
  'no such host site.': 'ce site hôte n’existe pas.',
  'must be an agent or admin.': 'doit être un agent ou un administrateur.',
  'this person is deactivated.': 'cette personne est désactivée.',
  '{property} can never be edited by customers.': '{property} ne peut jamais être modifié par les clients.',
  'only a customer can be previewed.': 'seul un client peut être prévisualisé.',
  'is disabled; enable it to preview it.': 'est désactivé ; activez-le pour le prévisualiser.',
  'a select field needs its options.': 'un champ de sélection a besoin de ses options.',
  'only select fields have options.': 'seuls les champs de sélection ont des options.',
  'cannot be changed: tickets and portals refer to the field by it.':
    'ne peut pas être modifiée : les tickets et les portails désignent le champ par elle.',
  'give either userId or organizationId, not both.': 'indiquez userId ou organizationId, pas les deux.',
  'give userId or organizationId.': 'indiquez userId ou organizationId.',
  'Portals still use this host site; point them elsewhere first.':
    'Des portails utilisent encore ce site hôte ; rattachez-les ailleurs d’abord.',
  'must be a P-256 public key.': 'doit être une clé publique P-256.',

  // Email in (inbound/).
  'a valid inbound token is required.': 'un jeton de réception valide est requis.',
  'send the email as message/rfc822.': 'envoyez l’e-mail en message/rfc822.',
  'the email is missing.': 'l’e-mail est absent.',
  'the email is larger than {max} bytes.': 'l’e-mail dépasse {max} octets.',
  'only failed emails are retried; this one is {status}.':
    'seuls les e-mails en échec sont relancés ; celui-ci est à l’état {status}.',
  'must be one of the visible types.': 'doit être l’un des types visibles.',
  'another portal has this support address.': 'un autre portail a cette adresse de support.',

  'This account is deactivated; ask an administrator to reactivate it.':
    'Ce compte est désactivé ; demandez à un administrateur de le réactiver.',

  'This is the last active admin: make someone else an admin first, so that someone can still manage the settings.':
    'C’est le dernier administrateur actif : nommez d’abord quelqu’un d’autre administrateur, pour que les réglages restent gérables.',
  'deactivated: you cannot deactivate your own account.':
    'deactivated : vous ne pouvez pas désactiver votre propre compte.',
  'This person is deactivated; reactivate them before inviting them again.':
    'Cette personne est désactivée ; réactivez-la avant de l’inviter à nouveau.',
  'name the portal a customer is invited to.': 'indiquez le portail auquel le client est invité.',
  'no such portal, or it is disabled.': 'ce portail n’existe pas ou il est désactivé.',

  '{count} tickets hold a value of this field; delete with ?confirm=true to remove the field and those values.':
    '{count} tickets ont une valeur pour ce champ ; supprimez avec ?confirm=true pour retirer le champ et ces valeurs.',

  // Portal logos (issue 11).
  'must be a PNG, JPEG, WebP or SVG image (checked from its content, not its name).':
    'doit être une image PNG, JPEG, WebP ou SVG (vérifiée d’après son contenu, pas son nom).',
  'an SVG logo must be UTF-8 text.': 'un logo SVG doit être du texte UTF-8.',
  'an SVG logo must not contain a DOCTYPE or entity declarations.':
    'un logo SVG ne doit pas contenir de DOCTYPE ni de déclaration d’entité.',
  'an SVG logo must not contain scripts.': 'un logo SVG ne doit pas contenir de script.',
  'an SVG logo must not contain event-handler attributes (onload=, onclick=, …).':
    'un logo SVG ne doit pas contenir d’attribut de gestionnaire d’événement (onload=, onclick=, …).',
  'an SVG logo must not contain javascript: URLs.': 'un logo SVG ne doit pas contenir d’URL javascript:.',
  'an SVG logo must not refer to anything outside itself (only #id links).':
    'un logo SVG ne doit rien référencer en dehors de lui-même (seulement des liens #id).',
  'an SVG logo must not contain <foreignObject>.': 'un logo SVG ne doit pas contenir de <foreignObject>.',
  'an SVG logo must not import stylesheets.': 'un logo SVG ne doit pas importer de feuille de style.',

  // Messages written into schemas (zod).
  'must not be empty': 'ne doit pas être vide',
  'must be one line of text without control characters': 'doit tenir sur une ligne, sans caractère de contrôle',
  'must not contain control characters': 'ne doit pas contenir de caractère de contrôle',
  'must not contain NUL bytes': 'ne doit pas contenir d’octet NUL',
  'must be a domain such as example.com': 'doit être un domaine comme example.com',
  'must be a logo id': 'doit être un identifiant de logo',
  'must be 1-64 characters of a-z, 0-9 and -, not starting with -':
    'doit compter 1 à 64 caractères parmi a-z, 0-9 et -, sans commencer par -',
  'must be 1-40 characters of a-z, 0-9, _ and -': 'doit compter 1 à 40 caractères parmi a-z, 0-9, _ et -',
  'must be 1-40 characters of a-z, 0-9 and _': 'doit compter 1 à 40 caractères parmi a-z, 0-9 et _',
  'must be base64url': 'doit être en base64url',
  'must be the 6-digit code': 'doit être le code à 6 chiffres',
  'must be the token of a sign-in link': 'doit être le jeton d’un lien de connexion',
  'must be at least 32 characters': 'doit compter au moins 32 caractères',
  'must be all, my_open, my_closed, followed or type:<key>':
    'doit être all, my_open, my_closed, followed ou type:<clé>',
  'must be a color like #1a2b3c': 'doit être une couleur comme #1a2b3c',
  'must be an origin such as https://example.com': 'doit être une origine comme https://example.com',
  'must be a base64url P-256 coordinate': 'doit être une coordonnée P-256 en base64url',
  'must be 1-100 characters of A-Z, a-z, 0-9, ., _ and -':
    'doit compter 1 à 100 caractères parmi A-Z, a-z, 0-9, ., _ et -',
  'give userId or email, not both': 'indiquez userId ou email, pas les deux',
} as const satisfies Record<string, string>;

/** An error message the API may write (its English text). */
export type ErrorText = keyof typeof FRENCH_MESSAGES;

/** Whether `text` has a French translation. */
export function isErrorText(text: string): text is ErrorText {
  return Object.hasOwn(FRENCH_MESSAGES, text);
}
