import { z } from '@hono/zod-openapi';
import type { Role } from '../db/schema.js';
import { ErrorSchema } from '../http/errors.js';

/** Every role, in order of power. */
export const ROLES = ['customer', 'agent', 'admin'] as const satisfies readonly Role[];
/** Interface languages users may choose. */
export const LOCALES = ['en', 'fr'] as const;

/** Single-line text for names and labels: no control characters, so no header injection in emails. */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line of text without control characters');

/** Free text (descriptions, messages): any line breaks, but no NUL bytes. */
export const longText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL bytes');

/** `{id}` path parameter of the admin resources. */
export const IdParams = z.object({ id: z.string().min(1).max(64) });

/** `?cursor=&limit=` of every admin list; a page holds at most 100 rows. */
export const PageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});

/** `{items, nextCursor}` for one page of `item`, registered under `name` in the OpenAPI document. */
export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

/** 409 entry for `createRoute` responses. */
export const conflictResponse = {
  409: {
    description: 'Conflicts with existing data; `field` names it',
    content: { 'application/json': { schema: ErrorSchema } },
  },
};

/** 204 entry for `createRoute` responses. */
export const noContent = { 204: { description: 'Deleted' } };
