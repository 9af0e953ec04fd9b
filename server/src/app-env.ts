import type { Db } from './db/connect.js';
import type { Role } from './db/schema.js';
import type { Portal } from './portals/portals.repository.js';
import type { Storage } from './uploads/storage.js';

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
}

/** Everything `createApp` is built from; tests pass their own. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  storage: Storage;
  /** Key for signing session tokens (at least 32 bytes). */
  secret: Uint8Array;
  settings: AppSettings;
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
};
