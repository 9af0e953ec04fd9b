import { ImapFlow } from 'imapflow';
import { acceptInbound, recordOversized, type InboundStoreDeps } from './inbound-store.js';

export interface ImapPoller {
  /** Resolves after the first poll (or the first failure to connect, which is retried). */
  started: Promise<void>;
  /** Polls now (IDLE does this by itself when mail arrives). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the mailbox is, from `IMAP_URL` (`imap://user:pass@host:143/INBOX`, `imaps://…:993/…`). */
export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** Reads `IMAP_URL`; throws naming what is wrong. */
export function parseImapUrl(value: string): ImapTarget {
  const url = new URL(value);
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') throw new Error('must start with imap:// or imaps://');
  if (!url.username) throw new Error('must name the mailbox user (imap://user:password@host/…)');
  const secure = url.protocol === 'imaps:';
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    mailbox,
  };
}

/**
 * Takes mail in from a hosted mailbox over IMAP (the `imapflow` package):
 * unseen messages are fetched, stored and committed, and only then flagged
 * `\Seen`, so a crash in between fetches the message again (and the unique
 * Message-ID makes that harmless, as it does for two instances polling the
 * same mailbox). A message over the size limit is kept as a failed row, its
 * headers only, before it is flagged. Between polls the connection IDLEs, so
 * new mail is taken at once; a timer polls too, and a dropped connection is
 * reopened.
 */
export function startImapPoller(
  deps: InboundStoreDeps,
  target: ImapTarget,
  options: {
    pollIntervalMs?: number;
    reconnectMs?: number;
    onAccepted?: () => void;
    log?: (line: string) => void;
  } = {},
): ImapPoller {
  const log = options.log ?? ((line: string) => console.error(line));
  const pollIntervalMs = options.pollIntervalMs ?? 60_000;
  const reconnectMs = options.reconnectMs ?? 5_000;
  let client: ImapFlow | null = null;
  let stopped = false;
  let polling: Promise<void> | null = null;
  let pollAgain = false;
  let reconnect: ReturnType<typeof setTimeout> | null = null;
  const timer = setInterval(() => void poll(), pollIntervalMs);
  timer.unref?.();

  async function connect(): Promise<ImapFlow> {
    const next = new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: { user: target.user, pass: target.pass },
      logger: false,
      // IDLE one second after our last command (imapflow waits 15 s by default), so new mail is taken at once.
      autoIdleDelay: 1_000,
    });
    next.on('error', (err: Error) => log(`[inbound] imap: ${err.message}`));
    // New mail while we IDLE.
    next.on('exists', () => void poll());
    next.on('close', () => {
      if (client === next) client = null;
      if (!stopped && !reconnect) {
        reconnect = setTimeout(() => {
          reconnect = null;
          void poll();
        }, reconnectMs);
        reconnect.unref?.();
      }
    });
    await next.connect();
    await next.mailboxOpen(target.mailbox);
    return next;
  }

  async function pollOnce(): Promise<void> {
    if (stopped) return;
    client ??= await connect();
    const imap = client;
    const uids = (await imap.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      if (stopped) return;
      const meta = await imap.fetchOne(String(uid), { size: true }, { uid: true });
      if (!meta) continue;
      if ((meta.size ?? 0) > deps.maxMessageBytes) {
        // Kept as a failed row (its headers, the reason) and then marked as taken, rather than fetched again on every poll.
        const head = await imap.fetchOne(String(uid), { headers: true }, { uid: true });
        await recordOversized(deps, head ? (head.headers ?? Buffer.alloc(0)) : Buffer.alloc(0), {
          transport: 'imap',
          size: meta.size ?? 0,
        });
        await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        log(
          `[inbound] imap: message ${uid} is larger than ${deps.maxMessageBytes} bytes; kept as failed, headers only`,
        );
        continue;
      }
      const message = await imap.fetchOne(String(uid), { source: true }, { uid: true });
      if (!message || !message.source) continue;
      // A mailbox keeps no SMTP envelope: screening reads Return-Path and the headers instead.
      await acceptInbound(deps, message.source, { transport: 'imap', from: null, to: [] });
      // Only now, with the row committed, is the message marked as taken.
      await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      options.onAccepted?.();
    }
  }

  function poll(): Promise<void> {
    if (polling) {
      pollAgain = true;
      return polling;
    }
    polling = pollOnce()
      .catch((err: unknown) => {
        log(`[inbound] imap: ${err instanceof Error ? err.message : String(err)}`);
        const broken = client;
        client = null;
        broken?.close();
      })
      .finally(() => {
        polling = null;
        if (pollAgain && !stopped) {
          pollAgain = false;
          void poll();
        }
      });
    return polling;
  }

  return {
    started: poll(),
    poll,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (reconnect) clearTimeout(reconnect);
      await polling;
      const open = client;
      client = null;
      if (open) await open.logout().catch(() => open.close());
    },
  };
}
