import type { Kysely, Transaction } from 'kysely';
import type { AttachmentsTable, Database } from '../db/schema.js';
import { recordEvent } from '../tickets/tickets.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

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
