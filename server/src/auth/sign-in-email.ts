import { DEFAULT_BRAND, mailLocale, renderMail, type MailBrand } from '../mail/layout.js';
import type { OutgoingEmail } from '../mail/outbox.js';
import { headerText } from '../mail/text-safety.js';
import type { PortalConfig } from '../portals/portal-config.js';

const STRINGS = {
  en: {
    subject: (portal: string) => `Your sign-in code for ${portal}`,
    heading: (portal: string) => `Sign in to ${portal}`,
    intro: 'Type this code where you asked for it:',
    orLink: 'Or open the portal directly with this button:',
    orConsoleLink: 'Or open the support console directly with this button:',
    action: 'Sign in',
    expiry: (minutes: number) => `The code and the button work once, for ${minutes} minutes.`,
    footer:
      'You get this email because someone asked to sign in with your address. If it was not you, ignore it: nothing happens without the code.',
  },
  fr: {
    subject: (portal: string) => `Votre code de connexion à ${portal}`,
    heading: (portal: string) => `Connexion à ${portal}`,
    intro: 'Saisissez ce code là où vous l’avez demandé :',
    orLink: 'Ou ouvrez directement le portail avec ce bouton :',
    orConsoleLink: 'Ou ouvrez directement la console de support avec ce bouton :',
    action: 'Se connecter',
    expiry: (minutes: number) => `Le code et le bouton ne servent qu’une fois, pendant ${minutes} minutes.`,
    footer:
      'Vous recevez cet e-mail parce que quelqu’un a demandé à se connecter avec votre adresse. Si ce n’était pas vous, ignorez-le : rien ne se passe sans le code.',
  },
} as const;

/**
 * The sign-in email: the 6-digit code (for the widget) and the one-time link
 * (for the full-screen portal), in the recipient's language, with the
 * portal's name and main color. `portal` null: a staff sign-in on the
 * console, under the product's own name and colors.
 */
export function signInEmail(input: {
  to: string;
  locale: string | null | undefined;
  portal: Pick<PortalConfig, 'name' | 'branding'> | null;
  code: string;
  link: string;
  minutes: number;
}): OutgoingEmail {
  const locale = mailLocale(input.locale);
  const t = STRINGS[locale];
  const portalName = headerText(input.portal?.name ?? DEFAULT_BRAND.name, 120);
  const brand: MailBrand = input.portal
    ? {
        name: portalName,
        mainColor: input.portal.branding.light.mainColor,
        mainTextColor: input.portal.branding.light.mainTextColor,
      }
    : DEFAULT_BRAND;
  const { html, text } = renderMail({
    locale,
    brand,
    heading: t.heading(portalName),
    blocks: [
      { kind: 'paragraph', text: t.intro },
      { kind: 'code', text: input.code },
      { kind: 'paragraph', text: input.portal ? t.orLink : t.orConsoleLink },
      { kind: 'action', label: t.action, url: input.link },
      { kind: 'paragraph', text: t.expiry(input.minutes) },
    ],
    footer: t.footer,
  });
  return { to: input.to, subject: headerText(t.subject(portalName)), text, html };
}
