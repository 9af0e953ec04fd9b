import { DEFAULT_BRAND, mailLocale, renderMail, type MailBrand } from '../mail/layout.js';
import type { OutgoingEmail } from '../mail/outbox.js';
import { headerText } from '../mail/text-safety.js';
import type { PortalConfig } from '../portals/portal-config.js';

const STRINGS = {
  en: {
    subject: (place: string) => `You are invited to ${place}`,
    heading: (place: string) => `Welcome to ${place}`,
    intro: (inviter: string, place: string) => `${inviter} invited you to ${place}.`,
    action: 'Accept and sign in',
    expiry: (days: number) =>
      `The button works once, for ${days} days. Later, sign in with your email address as usual.`,
    footer: 'You get this email because an administrator added your address. If you do not expect it, ignore it.',
    console: 'the support console',
  },
  fr: {
    subject: (place: string) => `Vous êtes invité·e sur ${place}`,
    heading: (place: string) => `Bienvenue sur ${place}`,
    intro: (inviter: string, place: string) => `${inviter} vous a invité·e sur ${place}.`,
    action: 'Accepter et se connecter',
    expiry: (days: number) =>
      `Le bouton ne sert qu’une fois, pendant ${days} jours. Ensuite, connectez-vous avec votre adresse e-mail comme d’habitude.`,
    footer:
      'Vous recevez cet e-mail parce qu’un administrateur a ajouté votre adresse. Si vous ne l’attendiez pas, ignorez-le.',
    console: 'la console de support',
  },
} as const;

/**
 * The invitation an admin sends: a one-time sign-in link into the portal
 * (customers) or the console (`portal` null: agents and admins), in the
 * invited person's language, under the portal's name and colors.
 */
export function invitationEmail(input: {
  to: string;
  recipientUserId: string;
  locale: string | null | undefined;
  inviter: string;
  portal: Pick<PortalConfig, 'name' | 'branding'> | null;
  link: string;
  days: number;
}): OutgoingEmail {
  const locale = mailLocale(input.locale);
  const t = STRINGS[locale];
  const place = headerText(input.portal?.name ?? DEFAULT_BRAND.name, 120);
  const where = input.portal ? place : `${t.console} ${DEFAULT_BRAND.name}`;
  const brand: MailBrand = input.portal
    ? {
        name: place,
        mainColor: input.portal.branding.light.mainColor,
        mainTextColor: input.portal.branding.light.mainTextColor,
      }
    : DEFAULT_BRAND;
  const { html, text } = renderMail({
    locale,
    brand,
    heading: t.heading(place),
    blocks: [
      { kind: 'paragraph', text: t.intro(headerText(input.inviter, 120), where) },
      { kind: 'action', label: t.action, url: input.link },
      { kind: 'paragraph', text: t.expiry(input.days) },
    ],
    footer: t.footer,
  });
  return { to: input.to, recipientUserId: input.recipientUserId, subject: headerText(t.subject(place)), text, html };
}
