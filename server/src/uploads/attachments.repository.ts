import type { Executor } from '../db/executor.js';
import type { AttachmentsTable } from '../db/schema.js';
import { recordEvent } from '../tickets/tickets.repository.js';
import { readableAttachments, type Audience } from '../visibility/internal.js';

/**
 * Records a file already stored (its bytes durable) as an attachment of its
 * ticket, with the `attachment_added` event. Uploads and email attachments
 * both come through here; a message then takes it by id.
 */
export async function recordAttachment(trx: Executor, row: AttachmentsTable): Promise<void> {
  await trx.insertInto('attachments').values(row).execute();
  await recordEvent(trx, {
    ticketId: row.ticket_id,
    actorId: row.uploader_id,
    type: 'attachment_added',
    data: { attachmentId: row.id, filename: row.filename, size: row.size },
    now: row.created_at,
  });
}

/** Attachment `id` with what a download needs, if `audience` may read it (`readableAttachments`). */
export async function findReadableAttachment(db: Executor, id: string, audience: Audience) {
  return db
    .selectFrom('attachments')
    .select(['attachments.ticket_id', 'attachments.filename', 'attachments.content_type', 'attachments.storage_key'])
    .where('attachments.id', '=', id)
    .where(readableAttachments(audience))
    .executeTakeFirst();
}
