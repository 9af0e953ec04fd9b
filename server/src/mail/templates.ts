import { renderMail, type MailBlock, type MailBrand, type MailLocale } from './layout.js';
import { headerText } from './text-safety.js';

/** What a ticket notification is about; decided when the event happens (see notifications/notify.ts). */
export type NotificationCategory =
  /** A staff member answered (to the requester and followers). */
  | 'agent_reply'
  /** A customer wrote (to the assignee or every agent, the requester and the followers). */
  | 'customer_message'
  /** A ticket was opened (to the assignee or every agent, and the requester when staff opened it). */
  | 'created'
  /** The status changed (to the requester and followers; also the assignee or every agent when a customer changed it). */
  | 'status_changed'
  /** An agent-only note (to the assignee and staff followers; never a customer). */
  | 'internal_note'
  /** Someone shared the ticket with the recipient (they became a follower). */
  | 'shared'
  /** The recipient opened the ticket by email: the confirmation, with the link (inbound/). */
  | 'received';

export const NOTIFICATION_CATEGORIES: readonly NotificationCategory[] = [
  'agent_reply',
  'customer_message',
  'created',
  'status_changed',
  'internal_note',
  'shared',
  'received',
];

export interface TicketEmailInput {
  locale: MailLocale;
  brand: MailBrand;
  category: NotificationCategory;
  /** `customer` emails link into the portal; `agent` ones to the admin side. */
  audience: 'customer' | 'agent';
  ticket: { number: number; title: string };
  /** Who caused it; null for the system. */
  actorName: string | null;
  /** The message text, for replies, customer messages and internal notes; the description for a new ticket. */
  body?: string;
  status?: { from: string; to: string };
  link: string;
  /** The email's Reply-To leads back to the ticket: mark where a reply ends and say so. */
  replyByEmail?: boolean;
  /** Issue 12: the ticket was closed or resolved where the portal asks for ratings: the button invites one. */
  askRating?: boolean;
}

/** Headers an email carries besides From, To, Subject and Message-ID. */
export interface ThreadHeaders {
  /** Where a reply goes: `reply+<token>@<inbound domain>` for notifications (inbound/reply-token.ts). */
  replyTo?: string;
  /** The ticket's thread root, so mail clients keep one thread per ticket. */
  inReplyTo?: string;
  references?: string[];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  headers?: ThreadHeaders;
}

type Strings = {
  subject: Record<NotificationCategory, (ref: string, title: string, status: string) => string>;
  heading: Record<NotificationCategory, (ref: string, actor: string) => string>;
  statusLine: (from: string, to: string) => string;
  open: { customer: string; agent: string };
  /** The button of a closed ticket's email where the portal asks for ratings. */
  rate: string;
  footer: { customer: string; agent: string };
  replyHint: { customer: string; agent: string };
  someone: string;
  status: Record<string, string>;
};

const STRINGS: Record<MailLocale, Strings> = {
  en: {
    subject: {
      agent_reply: (ref, title) => `New reply on ${ref}: ${title}`,
      customer_message: (ref, title) => `New message on ${ref}: ${title}`,
      created: (ref, title) => `New ticket ${ref}: ${title}`,
      status_changed: (ref, title, status) => `${ref} is now ${status}: ${title}`,
      internal_note: (ref, title) => `Internal note on ${ref}: ${title}`,
      shared: (ref, title) => `${ref} was shared with you: ${title}`,
      received: (ref, title) => `We received your request ${ref}: ${title}`,
    },
    heading: {
      agent_reply: (ref, actor) => `${actor} replied to ${ref}`,
      customer_message: (ref, actor) => `${actor} wrote on ${ref}`,
      created: (ref, actor) => `${actor} opened ${ref}`,
      status_changed: (ref, actor) => `${actor} changed the status of ${ref}`,
      internal_note: (ref, actor) => `${actor} added an internal note to ${ref}`,
      shared: (ref, actor) => `${actor} shared ${ref} with you`,
      received: (ref) => `Your request is ${ref}; we will answer here soon`,
    },
    statusLine: (from, to) => `Status: ${from} → ${to}`,
    open: { customer: 'Open the ticket', agent: 'Open in the admin' },
    rate: 'How did we do? Rate this ticket',
    footer: {
      customer: 'You get this email because you follow this ticket. The button signs you in once; it expires soon.',
      agent: 'You get this email because you work on this ticket. Internal notes are never sent to customers.',
    },
    replyHint: {
      customer: 'You can answer by replying to this email.',
      agent: 'Replying to this email posts a public reply that the customer sees.',
    },
    someone: 'Someone',
    status: { open: 'open', in_progress: 'in progress', waiting: 'waiting', resolved: 'resolved', closed: 'closed' },
  },
  fr: {
    subject: {
      agent_reply: (ref, title) => `Nouvelle réponse sur ${ref} : ${title}`,
      customer_message: (ref, title) => `Nouveau message sur ${ref} : ${title}`,
      created: (ref, title) => `Nouveau ticket ${ref} : ${title}`,
      status_changed: (ref, title, status) => `${ref} est maintenant ${status} : ${title}`,
      internal_note: (ref, title) => `Note interne sur ${ref} : ${title}`,
      shared: (ref, title) => `${ref} a été partagé avec vous : ${title}`,
      received: (ref, title) => `Nous avons bien reçu votre demande ${ref} : ${title}`,
    },
    heading: {
      agent_reply: (ref, actor) => `${actor} a répondu sur ${ref}`,
      customer_message: (ref, actor) => `${actor} a écrit sur ${ref}`,
      created: (ref, actor) => `${actor} a ouvert ${ref}`,
      status_changed: (ref, actor) => `${actor} a changé le statut de ${ref}`,
      internal_note: (ref, actor) => `${actor} a ajouté une note interne sur ${ref}`,
      shared: (ref, actor) => `${actor} a partagé ${ref} avec vous`,
      received: (ref) => `Votre demande porte le numéro ${ref} ; nous vous répondrons ici`,
    },
    statusLine: (from, to) => `Statut : ${from} → ${to}`,
    open: { customer: 'Ouvrir le ticket', agent: "Ouvrir dans l'administration" },
    rate: 'Êtes-vous satisfait ? Évaluez ce ticket',
    footer: {
      customer:
        'Vous recevez cet e-mail parce que vous suivez ce ticket. Le bouton vous connecte une seule fois et expire bientôt.',
      agent:
        'Vous recevez cet e-mail parce que vous travaillez sur ce ticket. Les notes internes ne sont jamais envoyées aux clients.',
    },
    replyHint: {
      customer: 'Vous pouvez répondre directement à cet e-mail.',
      agent: 'Répondre à cet e-mail publie une réponse que le client voit.',
    },
    someone: "Quelqu'un",
    status: { open: 'ouvert', in_progress: 'en cours', waiting: 'en attente', resolved: 'résolu', closed: 'fermé' },
  },
};

/** The label of a status in `locale`; unknown statuses show as they are stored. */
export function statusLabel(locale: MailLocale, status: string): string {
  return STRINGS[locale].status[status] ?? status.replace(/_/g, ' ');
}

/**
 * A ticket update email in the recipient's language. The subject is one
 * header-safe line (no CR/LF or other controls, SECURITY.md row 17); every
 * user-supplied string is escaped by the layout.
 */
export function ticketEmail(input: TicketEmailInput): RenderedEmail {
  const t = STRINGS[input.locale];
  const ref = `#${input.ticket.number}`;
  const title = headerText(input.ticket.title, 150);
  const actor = input.actorName ? headerText(input.actorName, 120) : t.someone;
  const status = input.status ? statusLabel(input.locale, input.status.to) : '';
  const subject = headerText(`[${input.brand.name}] ${t.subject[input.category](ref, title, status)}`, 250);

  const blocks: MailBlock[] = [{ kind: 'paragraph', text: `${ref} — ${title}` }];
  if (input.status) {
    blocks.push({ kind: 'paragraph', text: t.statusLine(statusLabel(input.locale, input.status.from), status) });
  }
  if (input.body) blocks.push({ kind: 'quote', text: input.body, by: actor });
  const rate = input.askRating && input.audience === 'customer';
  blocks.push({ kind: 'action', label: rate ? t.rate : t.open[input.audience], url: input.link });

  const { html, text } = renderMail({
    locale: input.locale,
    brand: input.brand,
    heading: t.heading[input.category](ref, actor),
    blocks,
    footer: input.replyByEmail
      ? `${t.replyHint[input.audience]} ${t.footer[input.audience]}`
      : t.footer[input.audience],
    replyMarker: input.replyByEmail ?? false,
  });
  return { subject, text, html };
}
