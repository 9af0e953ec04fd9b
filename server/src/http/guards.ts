import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { ApiError } from './errors.js';

function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return headers.has('transfer-encoding') || (length !== null && length !== '0');
}

/**
 * JSON routes take JSON only: any other body is refused with 415 before it is
 * read, so a form post from another site never reaches a handler.
 */
export const jsonOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (hasBody(c.req.raw.headers)) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const multipart = type === 'multipart/form-data' && c.req.path.endsWith('/attachments');
    if (type !== 'application/json' && !multipart) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.', 'content-type');
    }
  }
  await next();
});

/** Refuses bodies above `maxSize` bytes with 413, counting as it reads (chunked bodies too). */
export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The body is larger than ${maxSize} bytes.`, 'body');
    },
  });
}
