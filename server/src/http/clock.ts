import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

/** The request's "now" from the injected clock, as ISO-8601 UTC text (how the database stores times). */
export function nowIso(c: Context<AppEnv>): string {
  return c.var.deps.clock.now().toISOString();
}
