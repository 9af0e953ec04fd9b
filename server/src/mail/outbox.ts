import type { Kysely, Selectable } from 'kysely';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import { reusableQuery } from '../db/reusable-query.js';
import type { Database, EmailOutboxTable } from '../db/schema.js';
import type { ThreadHeaders } from './templates.js';
import { headerText } from './text-safety.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The user it is for, when known (shown in the dev mailbox, used to re-check access). */
  recipientUserId?: string | null;
  /** Threading headers, e.g. an answer to an inbound email names it in In-Reply-To. */
  headers?: ThreadHeaders;
}

/**
 * Queues an email stored ready to send: mail someone is waiting for right now
 * (sign-in codes and links), delivered in the worker's `sign-in` lane ahead of
 * any notification backlog. Call it with the transaction of the change that
 * causes the email, so the change and its email commit together or not at
 * all; the outbox worker delivers it afterwards. The subject is made one
 * header-safe line.
 */
export async function enqueueEmail(trx: Executor, email: OutgoingEmail, now: string): Promise<string> {
  const [id] = await insertRows(trx, [
    {
      kind: 'email',
      to: email.to,
      recipientUserId: email.recipientUserId ?? null,
      subject: headerText(email.subject, 250),
      text: email.text,
      html: email.html,
      payload: null,
      headers: email.headers ? JSON.stringify(email.headers) : null,
      now,
    },
  ]);
  return id!;
}

/** A pending outbox row, due now. */
interface OutboxRow {
  kind: 'email' | 'notification';
  to: string;
  recipientUserId: string | null;
  subject: string;
  text: string;
  html: string;
  payload: string | null;
  headers?: string | null;
  now: string;
}

/** Inserts pending outbox rows in one statement; returns their ids in order. */
async function insertRows(trx: Executor, rows: readonly OutboxRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => newId());
  await insertRowsQuery(trx, null, {
    ids,
    kinds: rows.map((row) => row.kind),
    to: rows.map((row) => headerText(row.to, 320)),
    recipients: rows.map((row) => row.recipientUserId),
    payloads: rows.map((row) => row.payload),
    subjects: rows.map((row) => row.subject),
    texts: rows.map((row) => row.text),
    htmls: rows.map((row) => row.html),
    headers: rows.map((row) => row.headers ?? null),
    nows: rows.map((row) => row.now),
  });
  return ids;
}

// Compiled once per number of rows (see `reusableQuery`): every ticket event queues some.
const insertRowsQuery = reusableQuery(
  (
    db: Kysely<Database>,
    _shape: null,
    args: {
      ids: readonly string[];
      kinds: readonly OutboxRow['kind'][];
      to: readonly string[];
      recipients: readonly (string | null)[];
      payloads: readonly (string | null)[];
      subjects: readonly string[];
      texts: readonly string[];
      htmls: readonly string[];
      headers: readonly (string | null)[];
      nows: readonly string[];
    },
  ) =>
    db.insertInto('email_outbox').values(
      args.ids.map((id, i) => ({
        id,
        kind: args.kinds[i]!,
        to_address: args.to[i]!,
        recipient_user_id: args.recipients[i]!,
        payload: args.payloads[i]!,
        subject: args.subjects[i]!,
        text_body: args.texts[i]!,
        html_body: args.htmls[i]!,
        status: 'pending',
        attempts: 0,
        next_attempt_at: args.nows[i]!,
        last_error: null,
        headers: args.headers[i]!,
        created_at: args.nows[i]!,
        sent_at: null,
      })),
    ),
);

/** What a `notification` row is about; the worker renders it from these when it sends. */
export interface NotificationPayload {
  ticketId: string;
  eventId: string;
  category: string;
}

/** A ticket notification for one user. */
export interface Notification {
  to: string;
  recipientUserId: string;
  payload: NotificationPayload;
}

/**
 * Queues ticket notifications, one per user, in one statement. Only who and
 * what are stored now; the worker renders each email (language, sign-in link,
 * current access) just before sending, so a link is fresh even when SMTP was
 * down for hours.
 */
export async function enqueueNotifications(
  trx: Executor,
  notifications: readonly Notification[],
  now: string,
): Promise<string[]> {
  return insertRows(
    trx,
    notifications.map((n) => ({
      kind: 'notification',
      to: n.to,
      recipientUserId: n.recipientUserId,
      subject: '',
      text: '',
      html: '',
      payload: JSON.stringify(n.payload),
      now,
    })),
  );
}

/** Queues one ticket notification (see `enqueueNotifications`). */
export async function enqueueNotification(trx: Executor, notification: Notification, now: string): Promise<string> {
  const [id] = await enqueueNotifications(trx, [notification], now);
  return id!;
}

export type OutboxEmail = Selectable<EmailOutboxTable>;

/** The most recent emails of the outbox, newest first (the dev mailbox). */
export async function listRecentEmails(db: Executor, limit: number): Promise<OutboxEmail[]> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findEmail(db: Executor, id: string): Promise<OutboxEmail | undefined> {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
