import { z } from '@hono/zod-openapi';
import { CUSTOM_FIELD_TYPES } from './ticket-fields.js';

export const TicketTypeSchema = z
  .object({ id: z.string(), key: z.string(), name: z.string(), position: z.number() })
  .openapi('TicketType');
export type TicketTypeDto = z.infer<typeof TicketTypeSchema>;

export const CustomFieldSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string()).nullable(),
    /** Ticket types the field belongs to; null for every type. */
    typeIds: z.array(z.string()).nullable(),
    required: z.boolean(),
    position: z.number(),
  })
  .openapi('CustomField');
export type CustomFieldDto = z.infer<typeof CustomFieldSchema>;
