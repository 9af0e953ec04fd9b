import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.js';
import { validationError } from './errors.js';

/**
 * A sub-app whose schema failures become the error JSON naming the field.
 * Every resource builds its routes on one of these.
 */
export function openApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
}
