import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z, type ZodError } from 'zod';

/** The error body every route answers with. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorSchema>;

/** A failure with a status and a stable machine-readable code, turned into the error JSON by `onError`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The one answer for both "missing" and "not yours", so the two cannot be told apart. */
export function notFound(what = 'ticket'): ApiError {
  return new ApiError(404, 'not_found', `No such ${what}.`);
}

export function badRequest(field: string, message: string, code = 'invalid'): ApiError {
  return new ApiError(400, code, `${field}: ${message}`, field);
}

export function forbidden(message: string, field?: string): ApiError {
  return new ApiError(403, 'forbidden', message, field);
}

/** Turns the first zod issue into a 400 that names the offending field. */
export function validationError(error: ZodError, where: string): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, 'invalid', `Invalid ${where}.`);
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = [...path, key].join('.');
    return new ApiError(400, 'unknown_field', `${field}: unknown field.`, field);
  }
  // The zod target of a body is `json`; callers know the whole body as `body` (as for invalid JSON).
  const field = path.length > 0 ? path.join('.') : where === 'json' ? 'body' : where;
  return new ApiError(400, 'invalid', `${field}: ${issue.message}`, field);
}

const CODES: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** `app.onError`: every failure leaves as the error JSON; only real bugs become 500s. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.field), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const message = status === 400 && /JSON/i.test(err.message) ? 'Body is not valid JSON.' : err.message;
    const code = status === 400 && /JSON/i.test(err.message) ? 'invalid_json' : (CODES[status] ?? 'error');
    return c.json(errorBody(code, message || code, status === 400 && code === 'invalid_json' ? 'body' : undefined), status);
  }
  console.error('unexpected error', c.req.method, c.req.path, err);
  return c.json(errorBody('internal', 'Something went wrong on our side.'), 500);
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  // `!== undefined`: a property literally named "" is still the field at fault.
  return { error: field !== undefined ? { code, message, field } : { code, message } };
}
