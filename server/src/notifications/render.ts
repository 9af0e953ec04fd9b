import type { Transaction } from 'kysely';
import { issueSignInLink } from '../auth/sign-in-links.js';
import type { Database } from '../db/schema.js';
import { DEFAULT_BRAND, mailLocale, type MailBrand } from '../mail/layout.js';
import type { NotificationPayload } from '../mail/outbox.js';
import {
  NOTIFICATION_CATEGORIES,
  ticketEmail,
  type NotificationCategory,
  type RenderedEmail,
} from '../mail/templates.js';
import { replyAddress, signReplyToken } from '../inbound/reply-token.js';
import { findRating } from '../tickets/ratings.repository.js';
import { audienceOfRole, mayNotify, mayRead } from '../visibility/internal.js';
import { ticketThreadId } from './threading.js';
import { candidatePortals, portalShowing } from './notify.js';

/** What rendering a notification row needs besides the database. */
export interface RenderContext {
  publicUrl: string;
  now: string;
  /**
   * Reply by email is on: each notification's Reply-To is a signed
   * `reply+<token>@<domain>` naming the ticket and the recipient.
   */
  replies?: { domain: string; secret: Uint8Array };
}

/** A rendered email and its address, or why the row must not be sent. */
export type RenderOutcome = { email: RenderedEmail & { to: string } } | { skip: string };

/**
 * Renders a `notification` outbox row just before it is sent, inside a short
 * transaction of the worker (no network I/O in it). Everything is looked up
 * again — recipient, language, ticket, access — so a customer who lost access
 * since the event, or an internal note, never produces a customer email
 * (SECURITY.md rows 4 and 6). A customer's email carries a fresh one-time
 * sign-in link to the ticket in the full-screen portal; an agent's links to
 * the ticket in the support console.
 */
export async function renderNotification(
  trx: Transaction<Database>,
  row: { recipient_user_id: string | null; payload: string | null },
  ctx: RenderContext,
): Promise<RenderOutcome> {
  const payload = parsePayload(row.payload);
  if (!payload || !row.recipient_user_id) return { skip: 'malformed notification row' };
  const { category } = payload;

  const user = await trx.selectFrom('users').selectAll().where('id', '=', row.recipient_user_id).executeTakeFirst();
  if (!user) return { skip: 'recipient no longer exists' };
  // Deactivated since the event: they are out, and a customer's sign-in link would not work anyway.
  if (user.deactivated_at !== null) return { skip: 'recipient is deactivated' };
  const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', payload.ticketId).executeTakeFirst();
  if (!ticket) return { skip: 'ticket no longer exists' };
  const event = await trx.selectFrom('ticket_events').selectAll().where('id', '=', payload.eventId).executeTakeFirst();
  if (!event || event.ticket_id !== ticket.id) return { skip: 'event no longer exists' };

  const reader = audienceOfRole(user.role);
  const audience = reader === 'customer' ? 'customer' : 'agent';
  if (!mayNotify(reader, category, event)) return { skip: 'internal event for a customer' };
  const data = parseObject(event.data);

  let body: string | undefined;
  if (category === 'created' || category === 'received') body = ticket.description;
  if (category === 'agent_reply' || category === 'customer_message' || category === 'internal_note') {
    const messageId = typeof data.messageId === 'string' ? data.messageId : null;
    const message = messageId
      ? await trx
          .selectFrom('messages')
          .selectAll()
          .where('id', '=', messageId)
          .where('ticket_id', '=', ticket.id)
          .executeTakeFirst()
      : undefined;
    if (!message) return { skip: 'message no longer exists' };
    if (!mayRead(reader, message)) return { skip: 'internal message for a customer' };
    body = message.body;
  }
  const status =
    category === 'status_changed' && typeof data.from === 'string' && typeof data.to === 'string'
      ? { from: data.from, to: data.to }
      : undefined;

  const portals = await candidatePortals(trx, ticket);
  let brand: MailBrand;
  let link: string;
  let askRating = false;
  if (audience === 'customer') {
    const portal = await portalShowing(trx, portals, user, ticket);
    if (!portal) return { skip: 'the recipient can no longer see the ticket' };
    // The ticket page asks for the rating (the link opens it); the button says so.
    askRating =
      portal.config.satisfaction &&
      (status?.to === 'closed' || status?.to === 'resolved') &&
      (await findRating(trx, ticket.id)) === null;
    brand = brandOf(portal.config.name, portal.config.branding.light);
    link = await issueSignInLink(trx, ctx.publicUrl, {
      portalId: portal.id,
      portalSlug: portal.slug,
      email: user.email,
      next: `/p/${portal.slug}/tickets/${ticket.id}`,
      purpose: 'notification',
      now: ctx.now,
    });
  } else {
    const portal = portals[0];
    brand = portal ? brandOf(portal.config.name, portal.config.branding.light) : DEFAULT_BRAND;
    // The console's page of the ticket; signed out, the console signs the agent in there and stays on it.
    link = `${ctx.publicUrl}/console/tickets/${encodeURIComponent(ticket.id)}`;
  }

  const actor = event.actor_id
    ? await trx.selectFrom('users').select('name').where('id', '=', event.actor_id).executeTakeFirst()
    : undefined;
  const token = ctx.replies
    ? signReplyToken(ctx.replies.secret, { ticketNumber: Number(ticket.number), userId: user.id })
    : null;
  const thread = ticketThreadId(ticket.id, ctx.publicUrl);
  const email = ticketEmail({
    locale: mailLocale(user.locale),
    brand,
    category,
    audience,
    ticket: { number: Number(ticket.number), title: ticket.title },
    actorName: actor?.name ?? null,
    ...(body !== undefined ? { body } : {}),
    ...(status ? { status } : {}),
    link,
    replyByEmail: token !== null,
    askRating,
  });
  const headers = {
    ...(token && ctx.replies ? { replyTo: replyAddress(token, ctx.replies.domain) } : {}),
    inReplyTo: thread,
    references: [thread],
  };
  return { email: { ...email, headers, to: user.email } };
}

function brandOf(
  name: string,
  palette: { mainColor: string; mainTextColor: string; logoUrl: string | null },
): MailBrand {
  return { name, mainColor: palette.mainColor, mainTextColor: palette.mainTextColor, logoUrl: palette.logoUrl };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parsePayload(text: string | null): (NotificationPayload & { category: NotificationCategory }) | null {
  if (!text) return null;
  const value = parseObject(text);
  const { ticketId, eventId, category } = value;
  if (typeof ticketId !== 'string' || typeof eventId !== 'string') return null;
  if (!NOTIFICATION_CATEGORIES.includes(category as NotificationCategory)) return null;
  return { ticketId, eventId, category: category as NotificationCategory };
}
