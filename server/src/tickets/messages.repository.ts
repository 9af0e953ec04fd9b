import { toAttachmentDto } from '../uploads/attachment-dto.js';
import type { Executor } from '../db/executor.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { readableMessages, type Audience } from '../visibility/internal.js';
import type { MessageDto } from './tickets.schemas.js';

const PAGE = 100;

/**
 * Messages of one ticket, oldest first, with their attachments. The caller has
 * already checked that the ticket is visible; what `audience` reads is
 * `readableMessages` (a customer never gets an internal note).
 */
export async function listMessages(
  db: Executor,
  ticketId: string,
  options: { audience: Audience; cursor?: string | undefined; onlyId?: string },
): Promise<{ items: (MessageDto & { internal: boolean })[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('messages')
    .innerJoin('users as u', 'u.id', 'messages.author_id')
    .select([
      'messages.id',
      'messages.body',
      'messages.internal',
      'messages.created_at',
      'u.id as author_id',
      'u.name as author_name',
      'u.role as author_role',
    ])
    .where('messages.ticket_id', '=', ticketId)
    .where(readableMessages(options.audience))
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .limit(PAGE + 1);
  if (options.onlyId) query = query.where('messages.id', '=', options.onlyId);
  if (options.cursor) {
    const [createdAt, id] = decodeCursor(options.cursor, ['string', 'string']);
    query = query.where((eb) =>
      eb.or([
        eb('messages.created_at', '>', createdAt),
        eb.and([eb('messages.created_at', '=', createdAt), eb('messages.id', '>', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, PAGE);
  const ids = page.map((r) => r.id);
  const files = ids.length
    ? await db
        .selectFrom('attachments')
        .select(['id', 'message_id', 'filename', 'content_type', 'size', 'created_at'])
        .where('message_id', 'in', ids)
        .orderBy('created_at')
        .execute()
    : [];
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      body: r.body,
      internal: Number(r.internal) === 1,
      createdAt: r.created_at,
      author: { id: r.author_id, name: r.author_name, staff: r.author_role !== 'customer' },
      attachments: files.filter((f) => f.message_id === r.id).map(toAttachmentDto),
    })),
    nextCursor: rows.length > PAGE && last ? encodeCursor([last.created_at, last.id]) : null,
  };
}

/** Which of `ids` are files `uploaderId` uploaded to the ticket and no message holds yet. */
export async function unattachedUploads(
  db: Executor,
  ticketId: string,
  uploaderId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('attachments')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('uploader_id', '=', uploaderId)
    .where('message_id', 'is', null)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((a) => a.id));
}
