import type { AttachmentsTable } from '../db/schema.js';
import type { AttachmentDto } from '../tickets/tickets.schemas.js';

/** What clients see of an attachment row; the storage key never leaves the server. */
export function toAttachmentDto(
  row: Pick<AttachmentsTable, 'id' | 'filename' | 'content_type' | 'size' | 'created_at'>,
): AttachmentDto {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    createdAt: row.created_at,
  };
}
