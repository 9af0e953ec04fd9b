import type { z } from '@hono/zod-openapi';
import { ErrorSchema } from './errors.js';

/** A JSON response entry for `createRoute`. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body for `createRoute`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** The error responses most routes share, for the OpenAPI document. */
export const errorResponses = {
  400: error('Invalid input; `field` names it'),
  401: error('Not signed in'),
  403: error('Not allowed'),
  404: error('Not found, or not visible to you'),
};
