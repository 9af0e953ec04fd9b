import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import { headerText } from '../mail/text-safety.js';
import type { Storage } from '../uploads/storage.js';
import { parseInboundMail } from './parse-mail.js';

/** Which way a message came in. */
export type InboundTransport = 'smtp' | 'imap' | 'http' | 'dev';

/** What receiving a message needs. */
export interface InboundStoreDeps {
  db: Kysely<Database>;
  storage: Storage;
  now: () => Date;
  /** Largest raw message kept, in bytes; past it the transport refuses the message. */
  maxMessageBytes: number;
  /**
   * Runs after the bytes are stored and before the row commits. Tests use it
   * to stop a process right there (a crash before the acknowledgement).
   */
  beforeCommit?: () => Promise<void>;
}

export interface AcceptedMessage {
  id: string;
  /** True when a message with this Message-ID was already stored: nothing new was kept. */
  duplicate: boolean;
}

/** How much of the start of a message is kept in memory to read its Message-ID. */
const HEAD_BYTES = 64 * 1024;

/**
 * Keeps one inbound message: its raw bytes through the storage interface
 * (fsynced), then a `pending` row, committed. Only when this resolves may the
 * transport acknowledge the message (SMTP 250, IMAP flag, HTTP 202): a crash
 * before leaves at most an unreferenced file (swept later) and the sender's
 * server retries. The row is unique by Message-ID (a hash of the bytes when
 * there is none), so a retry or a second reader of the same mailbox adds
 * nothing. Throws `TooLargeError` past `maxMessageBytes`.
 */
export async function acceptInbound(
  deps: InboundStoreDeps,
  source: Uint8Array | AsyncIterable<Uint8Array>,
  envelope: { transport: InboundTransport; from: string | null; to: string[] },
): Promise<AcceptedMessage> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headSize = 0;
  async function* tee(): AsyncIterable<Uint8Array> {
    for await (const chunk of source instanceof Uint8Array ? [source] : source) {
      hash.update(chunk);
      if (headSize < HEAD_BYTES) {
        head.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - headSize)));
        headSize += Math.min(chunk.byteLength, HEAD_BYTES - headSize);
      }
      yield chunk;
    }
  }
  const stored = await deps.storage.put(tee(), deps.maxMessageBytes);
  const messageKey = messageIdOf(Buffer.concat(head)) ?? `sha256:${hash.digest('hex')}`;
  return keepOnce(
    deps,
    stored.key,
    {
      message_key: messageKey,
      transport: envelope.transport,
      envelope_from: envelope.from,
      envelope_to: JSON.stringify(envelope.to.slice(0, 100)),
      size: stored.size,
      status: 'pending',
      reason: null,
      sender: null,
      subject: null,
      received_at: deps.now().toISOString(),
      processed_at: null,
    },
    deps.beforeCommit,
  );
}

/**
 * Keeps the trace of an email too large to take in, where no sender's server
 * hears a refusal (a mailbox read over IMAP has accepted it already): its
 * header block is stored in place of the email and its row is `failed` at
 * once, with the reason, the sender and the subject, for an admin to see. The
 * row is unique by Message-ID like any other, so the transport may mark the
 * message as taken once this resolves: a re-poll or a second reader adds
 * nothing. `size` is the email's real size; the stored bytes are only its
 * headers, which is how processing knows not to make anything of them.
 */
export async function recordOversized(
  deps: InboundStoreDeps,
  headers: Buffer,
  envelope: { transport: InboundTransport; size: number },
): Promise<AcceptedMessage> {
  const head = headers.subarray(0, HEAD_BYTES);
  const messageKey = messageIdOf(head) ?? `sha256:${createHash('sha256').update(head).digest('hex')}`;
  const mail = await parseInboundMail(Buffer.concat([head, Buffer.from('\r\n\r\n')]));
  const stored = await deps.storage.put(head, HEAD_BYTES);
  const now = deps.now().toISOString();
  return keepOnce(deps, stored.key, {
    message_key: messageKey,
    transport: envelope.transport,
    envelope_from: null,
    envelope_to: '[]',
    size: envelope.size,
    status: 'failed',
    reason: oversizeReason(envelope.size, deps.maxMessageBytes),
    sender: mail.from,
    subject: headerText(mail.subject, 250) || null,
    received_at: now,
    processed_at: now,
  });
}

/** What the caller says of a new inbound row; the rest starts empty. */
type NewInboundRow = Omit<
  Insertable<Database['inbound_messages']>,
  'id' | 'storage_key' | 'attempts' | 'locked_by' | 'locked_until' | 'ticket_id' | 'message_id'
>;

/**
 * Adds the row of a message whose bytes are stored under `storageKey`, unless
 * a row with its Message-ID is there already: then the bytes just stored are
 * deleted and the earlier row is the answer. Any failure deletes them too.
 */
async function keepOnce(
  deps: InboundStoreDeps,
  storageKey: string,
  row: NewInboundRow,
  beforeInsert?: () => Promise<void>,
): Promise<AcceptedMessage> {
  try {
    await beforeInsert?.();
    const id = newId();
    const inserted = await deps.db
      .insertInto('inbound_messages')
      .values({
        ...row,
        id,
        storage_key: storageKey,
        attempts: 0,
        locked_by: null,
        locked_until: null,
        ticket_id: null,
        message_id: null,
      })
      .onConflict((oc) => oc.column('message_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id, duplicate: false };
    await deps.storage.delete(storageKey);
    const earlier = await deps.db
      .selectFrom('inbound_messages')
      .select('id')
      .where('message_key', '=', row.message_key)
      .executeTakeFirstOrThrow();
    return { id: earlier.id, duplicate: true };
  } catch (error) {
    await deps.storage.delete(storageKey).catch(() => undefined);
    throw error;
  }
}

/** Why an email over the limit made nothing: kept with its row, shown to admins. */
export function oversizeReason(size: number, maxMessageBytes: number): string {
  return `larger than the limit of ${maxMessageBytes} bytes (${size} bytes): only its headers were kept, so it cannot be processed`;
}

/**
 * The Message-ID header in the header block at the start of `head`, as
 * written (angle brackets kept), or null. Read here rather than by the full
 * parser because the row must be written before anything is parsed.
 */
export function messageIdOf(head: Buffer): string | null {
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*(<[^<>\s]{1,900}>)/im.exec(block);
  return match ? match[1]! : null;
}
