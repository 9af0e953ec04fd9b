import type { Db } from './db/connect.js';
import type { Role } from './db/schema.js';
import type { Logger } from './ops/request-log.js';
import type { Portal } from './portals/portals.repository.js';
import type { Storage } from './uploads/storage.js';

/** At most `limit` requests per `windowSeconds` for one key. */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** Every limit the app applies; each can be overridden through `AppSettings.rateLimits`. */
export interface RateLimitSettings {
  /** Sign-in emails asked for one address (counts unknown addresses too, so 429s reveal nothing). */
  startPerEmail: RateLimitRule;
  /** Sign-in emails asked for from one IP address. */
  startPerIp: RateLimitRule;
  /** Code checks for one address. */
  verifyPerEmail: RateLimitRule;
  /** Code and link checks from one IP address. */
  verifyPerIp: RateLimitRule;
  /** Tickets and messages one user posts. */
  postsPerUser: RateLimitRule;
  /** Emails taken in from one sender address (inbound/): past it they are kept but make nothing. */
  inboundPerSender: RateLimitRule;
}

/** Time, injected so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Limits and addresses the app needs; parsed from the environment once. */
export interface AppSettings {
  /** Base URL used in links the server hands out. */
  publicUrl: string;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
  /** Largest JSON body accepted, in bytes. */
  maxJsonBytes: number;
  /** Serve the dev mailbox at /dev/mailbox (demo without SMTP_URL only: it shows sign-in links). */
  devMailbox?: boolean;
  /** Overrides of the sign-in and posting rate limits (auth/rate-limit.ts); tests set them low. */
  rateLimits?: Partial<RateLimitSettings>;
  /** Behind one reverse proxy: take the client IP from the last X-Forwarded-For entry. */
  trustProxy?: boolean;
  /**
   * Least time an email sign-in start takes to answer, in ms (default 150),
   * so a known address (a code issued and a mail queued) cannot be told from
   * an unknown one by timing. Tests set 0.
   */
  signInStartMinMs?: number;
  /** Email in (inbound/): on when set; notifications then carry a Reply-To leading back to the ticket. */
  inbound?: InboundSettings;
}

/** How email comes in (server/src/inbound/). */
export interface InboundSettings {
  /** The domain of reply addresses (`reply+<token>@<domain>`). */
  domain: string;
  /** Largest raw email taken in, in bytes. Each attachment in it is held to `maxUploadBytes`. */
  maxMessageBytes: number;
  /** Bearer token of `POST /api/v1/inbound/mime`; the route answers 404 when null. */
  httpToken: string | null;
}

/** Everything `createApp` is built from; tests pass their own. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  storage: Storage;
  /** Key for signing session tokens (at least 32 bytes). */
  secret: Uint8Array;
  settings: AppSettings;
  /** The outbox worker, woken after each change so queued mail goes out promptly; absent in most tests. */
  outbox?: { wake(): void };
  /** The inbound email worker, woken when an email was stored; absent in most tests. */
  inbound?: { wake(): void };
  /** Structured request log (one JSON line per request); absent in tests and under `npm start`. */
  logger?: Logger;
}

/** Who is asking, after their session token was checked. */
export interface Viewer {
  sessionId: string;
  /** The user whose view applies: the customer, or for a preview the previewed customer. */
  userId: string;
  role: Role;
  organizationId: string | null;
  /** The portal the session is limited to, if any. */
  portalId: string | null;
  /** Preview sessions see but never change. */
  readOnly: boolean;
}

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    viewer: Viewer;
    portal: Portal;
  };
}

export const DEFAULT_SETTINGS: AppSettings = {
  publicUrl: 'http://localhost:3000',
  maxUploadBytes: 10 * 1024 * 1024,
  maxJsonBytes: 256 * 1024,
  devMailbox: false,
};
