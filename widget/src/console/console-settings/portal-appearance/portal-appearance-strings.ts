import type { Locale } from '../../../i18n/strings.js';

/** The appearance tab's strings, in English and French. */
const en = {
  intro:
    'How the portal looks to customers, in light and in dark. The preview shows your changes as you make them; nothing changes for customers until you save.',
  name: 'Portal name',
  'scheme.light': 'Light',
  'scheme.dark': 'Dark',
  logo: 'Logo',
  logoHint: 'PNG, JPEG, SVG or WebP. Choose a file or drop it here; it is saved at once.',
  noLogo: 'No logo.',
  chooseLogo: 'Choose a file',
  removeLogo: 'Remove logo',
  uploading: 'Uploading…',
  logoSaved: 'Logo saved.',
  logoRemoved: 'Logo removed.',
  'color.mainColor': 'Main color',
  'color.mainTextColor': 'Main text',
  'color.secondaryButtonColor': 'Secondary button',
  'color.bodyColor': 'Body',
  hex: '{label}, hex code',
  badHex: 'Use a color like #1a2b3c.',
  lowContrast:
    'Text on this color reaches {ratio}:1, below the 4.5:1 that WCAG AA asks for normal text: some customers will not read it.',
  save: 'Save changes',
  discard: 'Discard changes',
  fixColors: 'Correct the colors marked above first.',
  preview: 'Live preview',
  previewNote: 'A sample ticket list in your colors: no customer data.',
  previewLoading: 'Loading the preview…',
  previewFailed: 'The preview could not be loaded.',
};

export type AppearanceKey = keyof typeof en;

const fr: Record<AppearanceKey, string> = {
  intro:
    'L’aspect du portail pour les clients, en clair et en sombre. L’aperçu montre vos changements au fur et à mesure ; rien ne change pour les clients avant l’enregistrement.',
  name: 'Nom du portail',
  'scheme.light': 'Clair',
  'scheme.dark': 'Sombre',
  logo: 'Logo',
  logoHint: 'PNG, JPEG, SVG ou WebP. Choisissez un fichier ou déposez-le ici ; il est enregistré aussitôt.',
  noLogo: 'Pas de logo.',
  chooseLogo: 'Choisir un fichier',
  removeLogo: 'Retirer le logo',
  uploading: 'Envoi…',
  logoSaved: 'Logo enregistré.',
  logoRemoved: 'Logo retiré.',
  'color.mainColor': 'Couleur principale',
  'color.mainTextColor': 'Texte principal',
  'color.secondaryButtonColor': 'Bouton secondaire',
  'color.bodyColor': 'Fond',
  hex: '{label}, code hexadécimal',
  badHex: 'Indiquez une couleur comme #1a2b3c.',
  lowContrast:
    'Le texte sur cette couleur atteint {ratio}:1, sous les 4,5:1 que demande le niveau AA des WCAG pour un texte normal : certains clients ne pourront pas le lire.',
  save: 'Enregistrer',
  discard: 'Annuler les changements',
  fixColors: 'Corrigez d’abord les couleurs signalées plus haut.',
  preview: 'Aperçu en direct',
  previewNote: 'Une liste de tickets d’exemple à vos couleurs : aucune donnée de client.',
  previewLoading: 'Chargement de l’aperçu…',
  previewFailed: 'L’aperçu n’a pas pu être chargé.',
};

const catalogs: Record<Locale, Record<AppearanceKey, string>> = { en, fr };

/** Looks an appearance key up, filling `{placeholders}` from `params`. */
export function appearanceText(
  locale: Locale,
  key: AppearanceKey,
  params: Record<string, string | number> = {},
): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
