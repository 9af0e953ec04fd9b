import type { Locale } from '../../../i18n/strings.js';

/** The embedding and sign-in tab's strings, in English and French. */
const en = {
  script: 'Script tag',
  scriptHelp: 'Paste it into the pages of an allowed site, before </body>: it adds the launcher and the panel.',
  copy: 'Copy',
  copied: 'Copied.',
  copyFailed: 'Copying failed: select the text and copy it.',
  sites: 'Allowed sites',
  sitesHelp:
    'Origins allowed to embed the portal: scheme and host (and port), no path. Elsewhere the widget says support is not available.',
  noSites: 'No site yet: the widget works on no page.',
  site: 'Origin, e.g. https://example.com',
  add: 'Add',
  removeSite: 'Remove {origin}',
  siteInvalid: 'Allowed site: enter an origin such as https://example.com, without path.',
  siteTwice: 'Allowed site: already listed.',
  signIn: 'Sign-in',
  selfSignUp: 'Anyone may sign up with their email',
  selfSignUpHelp: 'Off: only customers your team added can sign in.',
  trustEmail: 'Trust the identity token’s email',
  trustEmailHelp: 'Find or create the customer by the token’s email claim.',
  tickets: 'Tickets',
  priorities: 'Priorities offered',
  customerSetsPriority: 'Customers choose the priority when creating',
  timesheets: 'Timesheets: customers log time on tickets',
  save: 'Save',
  keys: 'Host identity keys',
  keysHelp:
    'Your site’s backend signs a short token for its signed-in customer; the widget trades it for a session, no email code needed.',
  noKeys: 'No key yet: customers sign in with an emailed code or a passkey.',
  kid: 'Key id',
  alg: 'Algorithm',
  addedOn: 'Added',
  removeKey: 'Remove key {kid}',
  confirmRemove: 'Tokens signed with {kid} stop working at once.',
  cancel: 'Cancel',
  kidOptional: 'Key id (optional)',
  generate: 'Generate a secret (HS256)',
  publicKey: 'Public key (ES256): PEM or JWK',
  addPublic: 'Add the public key',
  publicInvalid: 'Public key: paste a P-256 public key, as PEM (BEGIN PUBLIC KEY) or JWK.',
  secretTitle: 'Secret of key {kid}: copy it now',
  secretWarn:
    'It is shown this once and cannot be shown again. Store it in your backend only (e.g. PORTAL_IDENTITY_SECRET), never in a page. If it is lost, generate another and remove this one.',
  stored: 'I stored it',
  keyAdded: 'Key {kid} added.',
  keyRemoved: 'Key {kid} removed.',
  rotate: 'To rotate: add the new key, sign with it on your backend, then remove the old one.',
  example: 'Example with this portal’s values',
  exampleHelp: 'aud is the portal’s slug; exp at most 10 minutes after iat. Then pass the token to the widget:',
};

export type EmbeddingKey = keyof typeof en;

const fr: Record<EmbeddingKey, string> = {
  script: 'Balise script',
  scriptHelp: 'Collez-la dans les pages d’un site autorisé, avant </body> : elle ajoute le lanceur et le panneau.',
  copy: 'Copier',
  copied: 'Copié.',
  copyFailed: 'La copie a échoué : sélectionnez le texte et copiez-le.',
  sites: 'Sites autorisés',
  sitesHelp:
    'Les origines autorisées à intégrer le portail : schéma et hôte (et port), sans chemin. Ailleurs, le widget dit que le support n’est pas disponible.',
  noSites: 'Aucun site : le widget ne fonctionne sur aucune page.',
  site: 'Origine, par ex. https://example.com',
  add: 'Ajouter',
  removeSite: 'Retirer {origin}',
  siteInvalid: 'Site autorisé : saisissez une origine comme https://example.com, sans chemin.',
  siteTwice: 'Site autorisé : déjà dans la liste.',
  signIn: 'Connexion',
  selfSignUp: 'Tout le monde peut s’inscrire avec son e-mail',
  selfSignUpHelp: 'Désactivé : seuls les clients ajoutés par votre équipe peuvent se connecter.',
  trustEmail: 'Faire confiance à l’e-mail du jeton d’identité',
  trustEmailHelp: 'Retrouver ou créer le client par l’e-mail du jeton.',
  tickets: 'Tickets',
  priorities: 'Priorités proposées',
  customerSetsPriority: 'Les clients choisissent la priorité à la création',
  timesheets: 'Feuilles de temps : les clients saisissent le temps passé',
  save: 'Enregistrer',
  keys: 'Clés d’identité du site hôte',
  keysHelp:
    'Le serveur de votre site signe un jeton court pour son client connecté ; le widget l’échange contre une session, sans code par e-mail.',
  noKeys: 'Aucune clé : les clients se connectent par un code envoyé par e-mail ou une clé d’accès.',
  kid: 'Identifiant de clé',
  alg: 'Algorithme',
  addedOn: 'Ajoutée',
  removeKey: 'Retirer la clé {kid}',
  confirmRemove: 'Les jetons signés avec {kid} cessent aussitôt de fonctionner.',
  cancel: 'Annuler',
  kidOptional: 'Identifiant de clé (facultatif)',
  generate: 'Générer un secret (HS256)',
  publicKey: 'Clé publique (ES256) : PEM ou JWK',
  addPublic: 'Ajouter la clé publique',
  publicInvalid: 'Clé publique : collez une clé publique P-256, en PEM (BEGIN PUBLIC KEY) ou en JWK.',
  secretTitle: 'Secret de la clé {kid} : copiez-le maintenant',
  secretWarn:
    'Il n’est affiché qu’une fois et ne pourra plus l’être. Gardez-le sur votre serveur seulement (par ex. PORTAL_IDENTITY_SECRET), jamais dans une page. S’il est perdu, générez-en un autre et retirez celui-ci.',
  stored: 'Je l’ai enregistré',
  keyAdded: 'Clé {kid} ajoutée.',
  keyRemoved: 'Clé {kid} retirée.',
  rotate: 'Pour changer de clé : ajoutez la nouvelle, signez avec elle sur votre serveur, puis retirez l’ancienne.',
  example: 'Exemple avec les valeurs de ce portail',
  exampleHelp: 'aud est l’identifiant du portail ; exp au plus 10 minutes après iat. Puis passez le jeton au widget :',
};

const catalogs: Record<Locale, Record<EmbeddingKey, string>> = { en, fr };

/** Looks a key of the embedding tab up, filling `{placeholders}` from `params`. */
export function embeddingText(locale: Locale, key: EmbeddingKey, params: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
