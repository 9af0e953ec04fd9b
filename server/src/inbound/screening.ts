import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { InboundMail } from './parse-mail.js';

/** Senders that are mail systems, never people: their mail is a bounce or a notice. */
const SYSTEM_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/**
 * Why an email must neither become a message nor be answered, or null when
 * it may: auto-replies, bounces and bulk mail (RFC 3834, RFC 3464, RFC 2369
 * and the headers common responders add), and our own mail coming back.
 * Answering any of these is how mail loops start.
 */
export async function automatedReason(
  db: Kysely<Database>,
  mail: InboundMail,
  envelopeFrom: string | null,
): Promise<string | null> {
  const h = (name: string) => mail.headers.get(name)?.trim().toLowerCase();
  const autoSubmitted = h('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `automatic reply (Auto-Submitted: ${autoSubmitted.slice(0, 40)})`;
  const precedence = h('precedence');
  if (precedence && /^(bulk|list|junk|auto_reply)\b/.test(precedence))
    return `bulk mail (Precedence: ${precedence.slice(0, 40)})`;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-autoresponder')) {
    return 'automatic reply (X-Autoreply)';
  }
  if (h('x-auto-response-suppress') !== undefined && /\b(all|autoreply|oof)\b/.test(h('x-auto-response-suppress')!)) {
    // Exchange puts this on its own automatic mail (and we on ours).
    return 'automatic mail (X-Auto-Response-Suppress)';
  }
  if (mail.contentType === 'multipart/report') return 'delivery report (bounce)';
  if (envelopeFrom === '') return 'bounce (empty envelope sender)';
  // Without an envelope (IMAP, HTTP), the delivering server wrote it into Return-Path.
  if (envelopeFrom === null && h('return-path') === '<>') return 'bounce (empty Return-Path)';
  if ((envelopeFrom && SYSTEM_SENDERS.test(envelopeFrom)) || (mail.from && SYSTEM_SENDERS.test(mail.from))) {
    return 'bounce (mail system sender)';
  }
  if (mail.headers.has('list-id') || mail.headers.has('list-unsubscribe')) return 'bulk mail (mailing list)';
  if (!mail.from) return 'no sender address';
  if (mail.messageId) {
    const ours = await db
      .selectFrom('email_outbox')
      .select('id')
      .where('message_id', '=', mail.messageId)
      .executeTakeFirst();
    if (ours) return 'our own email came back';
  }
  return null;
}
