import { z } from '@hono/zod-openapi';
import type { User } from '../db/schema.js';

/** The signed-in user as the widget and portal show them. */
export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['customer', 'agent', 'admin']),
    locale: z.string(),
    organizationId: z.string().nullable(),
  })
  .openapi('Me');
export type Me = z.infer<typeof MeSchema>;

/** Interface languages offered. */
export const LOCALES = ['en', 'fr'] as const;

// Control characters would end up in email headers ("From: <name>") and break them (SECURITY row 17).
const Name = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, 'must not contain control characters');

/** What a user may change about themselves. */
export const PatchMeBody = z
  .strictObject({
    name: Name.optional(),
    locale: z.enum(LOCALES).optional(),
  })
  .openapi('PatchMe');

/** The API shape of a user row. */
export function toMe(user: Pick<User, 'id' | 'email' | 'name' | 'role' | 'locale' | 'organization_id'>): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    organizationId: user.organization_id,
  };
}
