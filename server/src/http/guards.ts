import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { ApiError, badRequest } from './errors.js';

function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return headers.has('transfer-encoding') || (length !== null && length !== '0');
}

/**
 * Whether the request may carry a body, asking `c.req.raw.body` only when the
 * headers cannot tell. On @hono/node-server that getter builds a whole web
 * Request (with an AbortSignal), 60–80 µs, so it is avoided for every GET and
 * for any request whose headers announce its body, as Node's parser requires
 * of a body. A Request made in process (tests, `app.request`) has a body but
 * no Content-Length, and is asked (cheaply: it is already a Request).
 */
function mayHaveBody(c: Context): boolean {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD') return false;
  return hasBody(c.req.raw.headers) || c.req.raw.body !== null;
}

/**
 * JSON routes take JSON only: any other body is refused with 415 before it is
 * read, so a form post from another site never reaches a handler. A resource
 * that takes another kind of body (uploads, raw email) is mounted ahead of
 * `jsonBodies` with its own type check and size limit.
 */
export const jsonOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (hasBody(c.req.raw.headers)) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.', 'content-type');
    }
  }
  await next();
});

/**
 * Refuses bodies above `maxSize` bytes with 413, counting as it reads (chunked bodies too).
 * A body with a Content-Length (and no Transfer-Encoding; Node's parser then
 * delivers exactly that many bytes) is judged by the header alone, without
 * building a Request (see `mayHaveBody`): `c.req.json()` later reads it by a
 * fast path that builds none either. Only a streamed body is counted as read.
 */
export function limitBody(maxSize: number) {
  const tooLarge = () => {
    throw new ApiError(413, 'payload_too_large', 'The body is larger than {max} bytes.', 'body', {
      params: { max: maxSize },
    });
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware<AppEnv>(async (c, next) => {
    const headers = c.req.raw.headers;
    const length = headers.get('content-length');
    if (length !== null && !headers.has('transfer-encoding')) {
      if (Number.parseInt(length, 10) > maxSize) tooLarge();
      return next();
    }
    if (!mayHaveBody(c)) return next();
    return streamed(c, next);
  });
}

/** What is wrong where in a parsed JSON body: a `__proto__` key or a NUL byte, with its dotted path. */
export function hostileJsonPath(value: unknown): { path: string; problem: 'proto' | 'nul' } | null {
  // Iterative, with parent links rather than copied paths: a 256 KiB body can
  // nest far deeper than the call stack, and copying paths would be quadratic.
  type Node = { value: unknown; key: string; parent: Node | null };
  const pathOf = (node: Node) => {
    const parts: string[] = [];
    for (let n: Node | null = node; n && n.parent; n = n.parent) parts.unshift(n.key);
    return parts.join('.');
  };
  const stack: Node[] = [{ value, key: '', parent: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (typeof node.value === 'string') {
      if (node.value.includes('\u0000')) return { path: pathOf(node) || 'body', problem: 'nul' };
      continue;
    }
    if (node.value === null || typeof node.value !== 'object') continue;
    const isArray = Array.isArray(node.value);
    for (const [key, child] of Object.entries(node.value)) {
      const next: Node = { value: child, key, parent: node };
      if (!isArray && key === '__proto__') return { path: pathOf(next), problem: 'proto' };
      if (key.includes('\u0000')) return { path: pathOf(next), problem: 'nul' };
      stack.push(next);
    }
  }
  return null;
}

/**
 * JSON bodies may carry neither a `__proto__` key nor a NUL byte, at any depth.
 * `JSON.parse` keeps `__proto__` as a plain property, but schema records drop it
 * silently and object spreads can turn it into a prototype; PostgreSQL refuses
 * NUL in text outright (a 500 if it got that far). Both are refused up front with
 * a 400 naming the field. Runs after the size limit; the parsed body is cached
 * for the route's validator.
 */
export const screenJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' && mayHaveBody(c)) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      throw new ApiError(400, 'invalid_json', 'Body is not valid JSON.', 'body');
    }
    const found = hostileJsonPath(body);
    if (found?.problem === 'proto') throw badRequest(found.path, 'unknown field.', 'unknown_field');
    if (found) throw badRequest(found.path, 'must not contain NUL bytes.');
  }
  await next();
});

/** No path segment or query parameter may carry a NUL byte (PostgreSQL cannot even compare one). */
export const refuseNulInUrl = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  if (/%00/i.test(url.pathname)) throw badRequest('path', 'must not contain NUL bytes.');
  for (const [key, values] of url.searchParams) {
    if (key.includes('\u0000')) throw badRequest('query', 'must not contain NUL bytes.');
    if (values.includes('\u0000')) throw badRequest(key, 'must not contain NUL bytes.');
  }
  await next();
});

/** Requests the JSON body policy has already run for (keyed by their context, which lives as long as the request). */
const bodiesChecked = new WeakSet<object>();

/**
 * The body policy of every JSON resource, in order: JSON only (415), at most
 * `maxBytes` (413), and no `__proto__` key or NUL byte (400). Handlers
 * registered before it in the same app answer without it: that is how a
 * resource with its own body (uploads) opts out. It runs once per request
 * even where two scopes apply it (a path the portal scope does not serve
 * goes on to the app's own).
 */
export function jsonBodies(maxBytes: number) {
  const limit = limitBody(maxBytes);
  return createMiddleware<AppEnv>(async (c, next) => {
    if (bodiesChecked.has(c)) return next();
    bodiesChecked.add(c);
    // Nothing to check without a body (every GET): skip the three steps, not just their work.
    if (!mayHaveBody(c)) return next();
    // The limit throws past `maxBytes` (see `limitBody`): it never answers with a response of its own.
    await jsonOnly(c, async () => {
      await limit(c, async () => {
        await screenJsonBody(c, next);
      });
    });
  });
}
