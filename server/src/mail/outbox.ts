import type { Kysely, Transaction } from 'kysely';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Queues an email. Call it with the transaction of the change that causes the
 * email, so the change and its email commit together or not at all; the
 * outbox worker delivers it afterwards.
 */
export async function enqueueEmail(trx: Executor, email: OutgoingEmail, now: string): Promise<string> {
  const id = newId();
  await trx
    .insertInto('email_outbox')
    .values({
      id,
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
  return id;
}
