import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { AppEnv, AppSettings, RateLimitRule, RateLimitSettings } from '../app-env.js';
import type { Executor } from '../db/executor.js';
import type { Database } from '../db/schema.js';
import { reusableQuery } from '../db/reusable-query.js';
import { ApiError } from '../http/errors.js';

/** Generous for people, tight for scripts: a person asks for a code a few times an hour at most. */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  startPerEmail: { limit: 5, windowSeconds: 15 * 60 },
  startPerIp: { limit: 30, windowSeconds: 15 * 60 },
  verifyPerEmail: { limit: 10, windowSeconds: 15 * 60 },
  verifyPerIp: { limit: 60, windowSeconds: 15 * 60 },
  postsPerUser: { limit: 120, windowSeconds: 60 },
  inboundPerSender: { limit: 30, windowSeconds: 60 * 60 },
};

/** The limits in force for these settings. */
export function rateLimitsOf(settings: AppSettings): RateLimitSettings {
  return { ...DEFAULT_RATE_LIMITS, ...settings.rateLimits };
}

/** Outcome of counting one request against a key. */
export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (at least 1). */
  retryAfterSeconds: number;
}

/**
 * Counts one request against `key` in a fixed window, in one atomic upsert
 * (so concurrent requests and several app servers share the same count).
 */
export async function hitRateLimit(
  db: Executor,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<RateLimitResult> {
  const nowIso = now.toISOString();
  const windowMs = rule.windowSeconds * 1000;
  // A window that started at or before this instant has ended.
  const stale = new Date(now.getTime() - windowMs).toISOString();
  const [row] = await countHitQuery(db, null, { key, now: nowIso, stale });
  const resetAt = Date.parse(row!.window_start) + windowMs;
  return {
    allowed: Number(row!.count) <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)),
  };
}

// Compiled once (see `reusableQuery`): every post counts a hit.
const countHitQuery = reusableQuery(
  (db: Kysely<Database>, _shape: null, args: { key: string; now: string; stale: string }) =>
    db
      .insertInto('rate_limits')
      .values({ key: args.key, window_start: args.now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          count: eb
            .case()
            .when('rate_limits.window_start', '<=', args.stale)
            .then(1)
            .else(eb('rate_limits.count', '+', 1))
            .end(),
          window_start: eb
            .case()
            .when('rate_limits.window_start', '<=', args.stale)
            .then(args.now)
            .else(eb.ref('rate_limits.window_start'))
            .end(),
        })),
      )
      .returning(['count', 'window_start']),
);

/** Deletes counters whose window ended before `before`; run now and then to keep the table small. */
export async function pruneRateLimits(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before.toISOString()).execute();
}

/**
 * Counts the request against every key and throws 429 with `Retry-After`
 * when any of them is over its limit. Every key is counted, so a caller
 * rotating one dimension (IP or address) still runs into the other.
 */
export async function enforceRateLimits(
  c: Context<AppEnv>,
  checks: { key: string; rule: RateLimitRule }[],
  /** The transaction of the work being limited, so the count commits with it (one commit, not two). */
  trx: Executor = c.var.deps.db.kysely,
): Promise<void> {
  const now = c.var.deps.clock.now();
  let retryAfter = 0;
  for (const check of checks) {
    const result = await hitRateLimit(trx, check.key, check.rule, now);
    if (!result.allowed) retryAfter = Math.max(retryAfter, result.retryAfterSeconds);
  }
  if (retryAfter > 0) {
    c.header('Retry-After', String(retryAfter));
    throw new ApiError(429, 'rate_limited', 'Too many requests; try again in {seconds} seconds.', undefined, {
      params: { seconds: retryAfter },
    });
  }
}

/**
 * The caller's IP address: the socket's peer, or behind a trusted reverse
 * proxy the last X-Forwarded-For entry (the one our proxy appended; earlier
 * entries come from the client and can be forged).
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.deps.settings.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .pop();
    if (last) return last.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket (in-process requests in tests): every such request shares one bucket.
    return 'unknown';
  }
}

/**
 * For routes that post content: at most `postsPerUser` tickets and messages
 * per user per window. Call first thing inside the transaction that posts, so
 * the count commits with the post in one commit; a refused post (429) or one
 * that fails later rolls its count back with it. Read-only viewers (previews)
 * are refused before this by `assertWritable`, so they never spend the
 * previewed customer's allowance.
 */
export async function limitPosts(c: Context<AppEnv>, trx: Executor): Promise<void> {
  const rule = rateLimitsOf(c.var.deps.settings).postsPerUser;
  await enforceRateLimits(c, [{ key: `post:user:${c.var.viewer.userId}`, rule }], trx);
}
