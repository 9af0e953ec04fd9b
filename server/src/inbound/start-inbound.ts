import type { AppDeps, InboundSettings } from '../app-env.js';
import type { Env } from '../env.js';
import { listPortals } from '../portals/portals.repository.js';
import { createInboundWorker } from './inbound-worker.js';
import { type InboundStoreDeps } from './inbound-store.js';
import { parseImapUrl, startImapPoller, type ImapPoller } from './imap-poller.js';
import { startSmtpListener, type SmtpListener } from './smtp-listener.js';

/**
 * Email in is on when a transport is configured (INBOUND_SMTP_PORT, IMAP_URL,
 * INBOUND_HTTP_TOKEN) or in the demo, whose dev mailbox can answer emails.
 * Reply addresses use INBOUND_DOMAIN, else the host name of PUBLIC_URL.
 */
export function inboundSettingsOf(env: Env, publicUrl: string): InboundSettings | null {
  const on =
    env.INBOUND_SMTP_PORT !== undefined ||
    env.IMAP_URL !== undefined ||
    env.INBOUND_HTTP_TOKEN !== undefined ||
    env.DEMO === '1';
  if (!on) return null;
  return {
    domain: (env.INBOUND_DOMAIN ?? new URL(publicUrl).hostname).toLowerCase(),
    maxMessageBytes: env.INBOUND_MAX_BYTES,
    httpToken: env.INBOUND_HTTP_TOKEN ?? null,
  };
}

export interface RunningInbound {
  smtpPort: number | null;
  stop(): Promise<void>;
}

/** Starts the inbound worker and the configured transports (SMTP listener, IMAP poller); `deps.inbound` is set. */
export async function startInbound(
  deps: AppDeps,
  env: Env,
  options: { onProcessed?: () => void } = {},
): Promise<RunningInbound> {
  const settings = deps.settings.inbound;
  if (!settings) throw new Error('email in is not configured');
  const worker = createInboundWorker(
    { db: deps.db.kysely, storage: deps.storage, clock: deps.clock, secret: deps.secret, settings: deps.settings },
    { ...(options.onProcessed ? { onProcessed: options.onProcessed } : {}) },
  );
  deps.inbound = worker;
  const store: InboundStoreDeps = {
    db: deps.db.kysely,
    storage: deps.storage,
    now: () => deps.clock.now(),
    maxMessageBytes: settings.maxMessageBytes,
  };
  let smtp: SmtpListener | null = null;
  let imap: ImapPoller | null = null;
  worker.start();
  if (env.INBOUND_SMTP_PORT !== undefined) {
    smtp = await startSmtpListener(store, {
      port: env.INBOUND_SMTP_PORT,
      host: env.INBOUND_SMTP_HOST ?? env.HOST,
      accepts: acceptsRecipient(deps, settings.domain),
      onAccepted: () => worker.wake(),
    });
  }
  if (env.IMAP_URL) imap = startImapPoller(store, parseImapUrl(env.IMAP_URL), { onAccepted: () => worker.wake() });
  return {
    smtpPort: smtp?.port ?? null,
    async stop() {
      await Promise.all([smtp?.stop(), imap?.stop()]);
      await worker.stop();
    },
  };
}

/**
 * The SMTP listener's recipients: any address at our reply domain (the
 * pipeline drops unknown tokens quietly) and the portals' support addresses.
 */
export function acceptsRecipient(deps: Pick<AppDeps, 'db'>, domain: string) {
  return async (address: string): Promise<boolean> => {
    if (address.split('@').pop() === domain) return true;
    const portals = await listPortals(deps.db.kysely);
    return portals.some((p) => p.config.enabled && p.config.email.supportAddresses.includes(address));
  };
}
