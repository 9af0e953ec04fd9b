import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { renderMail, type MailLocale } from '../mail/layout.js';
import { enqueueEmail } from '../mail/outbox.js';
import { headerText } from '../mail/text-safety.js';
import type { Portal } from '../portals/portals.repository.js';
import type { InboundMail } from './parse-mail.js';

const STRINGS: Record<
  MailLocale,
  { subject: (s: string) => string; heading: string; body: (portal: string) => string; footer: string }
> = {
  en: {
    subject: (s) => `Re: ${s}`,
    heading: 'We could not open a request from this address',
    body: (portal) =>
      `Thank you for writing to ${portal}. Requests are opened only for people who already have an account with us, and we could not find one for this email address. Please contact us through the channel you were given, or ask your administrator to invite you.`,
    footer: 'This is an automatic answer, sent once. Further emails from this address are not answered.',
  },
  fr: {
    subject: (s) => `Re : ${s}`,
    heading: "Nous n'avons pas pu ouvrir de demande depuis cette adresse",
    body: (portal) =>
      `Merci d'avoir écrit à ${portal}. Les demandes ne sont ouvertes que pour les personnes qui ont déjà un compte chez nous, et nous n'en avons pas trouvé pour cette adresse. Contactez-nous par le canal qui vous a été indiqué, ou demandez à votre administrateur de vous inviter.`,
    footer:
      'Ceci est une réponse automatique, envoyée une seule fois. Les e-mails suivants depuis cette adresse restent sans réponse.',
  },
};

/**
 * A polite refusal to a stranger who wrote to a portal's support address
 * while the portal takes no sign-ups: queued once per portal and address, so
 * a stranger (or a forged sender) cannot make us mail an address repeatedly.
 * Resolves true when it was queued now.
 */
export async function queueRefusal(
  trx: Transaction<Database>,
  portal: Portal,
  mail: InboundMail,
  now: string,
): Promise<boolean> {
  const address = mail.from;
  if (!address) return false;
  const first = await trx
    .insertInto('inbound_refusals')
    .values({ portal_id: portal.id, address, created_at: now })
    .onConflict((oc) => oc.columns(['portal_id', 'address']).doNothing())
    .returning('address')
    .executeTakeFirst();
  if (!first) return false;
  const locale: MailLocale = mail.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const t = STRINGS[locale];
  const palette = portal.config.branding.light;
  const { html, text } = renderMail({
    locale,
    brand: {
      name: portal.config.name,
      mainColor: palette.mainColor,
      mainTextColor: palette.mainTextColor,
      logoUrl: palette.logoUrl,
    },
    heading: t.heading,
    blocks: [{ kind: 'paragraph', text: t.body(portal.config.name) }],
    footer: t.footer,
  });
  await enqueueEmail(
    trx,
    {
      to: address,
      subject: t.subject(headerText(mail.subject, 200) || portal.config.name),
      text,
      html,
      ...(mail.messageId ? { headers: { inReplyTo: mail.messageId, references: [mail.messageId] } } : {}),
    },
    now,
  );
  return true;
}
