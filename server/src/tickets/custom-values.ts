import { z } from '@hono/zod-openapi';
import { badRequest, invalidValue } from '../http/errors.js';
import type { CustomFieldDto } from './catalog.schemas.js';

/** The schema a value of `field` must match; null always clears it. */
export function customValueSchema(field: CustomFieldDto): z.ZodType {
  switch (field.type) {
    case 'text':
      return z.string().max(500);
    case 'long_text':
      return z.string().max(10_000);
    case 'number':
      return z.number().finite();
    case 'percent':
      return z.number().int().min(0).max(100);
    case 'date':
      return z.iso.date();
    case 'select':
      return z.enum((field.options ?? []) as [string, ...string[]]);
    case 'checkbox':
      return z.boolean();
  }
}

/**
 * Checks one value against its field, naming `custom.<key>` in the error.
 * Returns the value to store.
 */
export function parseCustomValue(field: CustomFieldDto, value: unknown, fieldName = `custom.${field.key}`): unknown {
  if (value === null) {
    if (field.required) throw badRequest(fieldName, 'is required.', 'required');
    return null;
  }
  const result = customValueSchema(field).safeParse(value);
  if (!result.success) throw invalidValue(fieldName, result.error.issues[0]);
  return result.data;
}

/**
 * Validates a whole set of custom values for a new ticket of a type: unknown
 * keys and missing required fields are refused by name.
 */
export function parseCustomValues(fields: CustomFieldDto[], values: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field) throw badRequest(`custom.${key}`, 'no such field for this type.', 'unknown_field');
    out[key] = parseCustomValue(field, value);
  }
  for (const field of fields) {
    if (field.required && (out[field.key] === undefined || out[field.key] === null)) {
      throw badRequest(`custom.${field.key}`, 'is required.', 'required');
    }
  }
  return out;
}
