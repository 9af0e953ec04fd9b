import { z } from '@hono/zod-openapi';

/** Every status a ticket may have, in workflow order. */
export const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses that count as closed for the "My closed" view and for reopening. */
export const CLOSED_STATUSES: readonly Status[] = ['resolved', 'closed'];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Sort rank of each priority: higher is more pressing. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 1, medium: 2, high: 3, urgent: 4 };

export const CUSTOM_FIELD_TYPES = ['text', 'long_text', 'number', 'percent', 'date', 'select', 'checkbox'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/**
 * Standard ticket properties an admin may place in a portal's detail panel.
 * Access-controlling columns (requester, organization, private) are absent on purpose:
 * no portal can make them editable.
 */
export const STANDARD_PROPERTIES = [
  'status',
  'priority',
  'type',
  'project',
  'assignee',
  'requester',
  'created_at',
  'updated_at',
  'percent_complete',
  'due_date',
] as const;
export type StandardProperty = (typeof STANDARD_PROPERTIES)[number];

/** Standard properties a customer may ever be allowed to edit, with their value schema. */
export const EDITABLE_STANDARD: Partial<Record<StandardProperty, z.ZodType>> = {
  priority: z.enum(PRIORITIES),
  percent_complete: z.number().int().min(0).max(100).nullable(),
  due_date: z.iso.date().nullable(),
};

export const StatusSchema = z.enum(STATUSES);
export const PrioritySchema = z.enum(PRIORITIES);
