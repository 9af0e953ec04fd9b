import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { systemClock, type AppDeps } from './app-env.js';
import { connectDb, isPostgresUrl, type Db } from './db/connect.js';
import type { Env } from './env.js';
import { createOutboxWorker } from './mail/outbox-worker.js';
import { createMailTransport } from './mail/transport.js';
import { ensureDefaultTicketTypes } from './tickets/catalog.repository.js';
import { createLocalStorage } from './uploads/local-storage.js';
import { sweepOrphanUploads } from './uploads/orphan-sweep.js';
import { ensureFirstAdmin } from './admin/first-admin.js';
import { pruneExpiredSignIns } from './auth/prune.js';
import { inboundSettingsOf, startInbound } from './inbound/start-inbound.js';
import { renderNotification } from './notifications/render.js';
import type { Logger } from './ops/request-log.js';

/** SECRET from the environment, else one generated on first start and kept beside the data. */
function loadSecret(env: Env): Uint8Array {
  if (env.SECRET) return new TextEncoder().encode(env.SECRET);
  const dir = isPostgresUrl(env.DATABASE_URL) ? resolve('data') : dirname(resolve(env.DATABASE_URL));
  const file = join(dir, 'secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export interface RunningServer {
  url: string;
  deps: AppDeps;
  /** Stops taking connections, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/** Opens the database and serves the app; used by `npm start` and by tests that need a real port. */
export async function startServer(
  env: Env,
  options: {
    db?: Db;
    /** Production: one JSON line per request (ops/request-log.ts). */
    logger?: Logger;
    /** Where the dev mail transport (no SMTP_URL) prints; the console by default. */
    mailLog?: (line: string) => void;
  } = {},
): Promise<RunningServer> {
  const db = options.db ?? (await connectDb(env.DATABASE_URL));
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const deps: AppDeps = {
    db,
    clock: systemClock,
    storage: createLocalStorage(resolve(env.UPLOAD_DIR)),
    secret: loadSecret(env),
    settings: {
      publicUrl,
      maxUploadBytes: env.MAX_UPLOAD_BYTES,
      maxJsonBytes: 256 * 1024,
      // Only the demo on a laptop shows its mail on a page; with a real SMTP server mail stays private.
      devMailbox: env.DEMO === '1' && !env.SMTP_URL,
      trustProxy: env.TRUST_PROXY === '1',
      ...(inboundSettingsOf(env, publicUrl) ? { inbound: inboundSettingsOf(env, publicUrl)! } : {}),
    },
    ...(options.logger ? { logger: options.logger } : {}),
  };
  // Without SMTP_URL mail is "delivered" to the database and the console (the dev mailbox).
  const transport = createMailTransport(env.SMTP_URL, options.mailLog);
  const inboundSettings = deps.settings.inbound;
  const outbox = createOutboxWorker({
    db,
    clock: deps.clock,
    transport,
    settings: deps.settings,
    from: env.MAIL_FROM,
    // Production: its retries and failures as JSON lines too.
    ...(options.logger ? { log: (line: string) => options.logger?.warn({ outbox: line }, 'outbox') } : {}),
    // With email in, each notification's Reply-To leads back to its ticket.
    ...(inboundSettings
      ? {
          renderers: {
            notification: (trx, row, ctx) =>
              renderNotification(trx, row, {
                ...ctx,
                replies: { domain: inboundSettings.domain, secret: deps.secret },
              }),
          },
        }
      : {}),
  });
  deps.outbox = outbox;
  const startedAt = deps.clock.now();
  await ensureDefaultTicketTypes(db.kysely, startedAt.toISOString());
  if (env.ADMIN_EMAIL) await ensureFirstAdmin(db.kysely, env.ADMIN_EMAIL, startedAt.toISOString());
  // Files whose row never committed (a crash between the two) are older than any upload in flight.
  await sweepOrphanUploads(db.kysely, deps.storage, new Date(startedAt.getTime() - 60 * 60 * 1000));
  await pruneExpiredSignIns(db.kysely, startedAt);
  const pruning = setInterval(
    () => {
      pruneExpiredSignIns(db.kysely, deps.clock.now()).catch((err: unknown) =>
        console.error('pruning sign-ins failed', err),
      );
    },
    60 * 60 * 1000,
  );
  pruning.unref();
  const app = createApp(deps);
  const server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => done(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  outbox.start();
  const inbound = inboundSettings ? await startInbound(deps, env, { onProcessed: () => outbox.wake() }) : null;
  return {
    url: env.PUBLIC_URL ?? `http://localhost:${port}`,
    deps,
    stop: () =>
      new Promise<void>((done, fail) => {
        clearInterval(pruning);
        server.close((err) => {
          if (err) return fail(err);
          // The workers finish the email they are on before the database closes.
          (inbound ? inbound.stop() : Promise.resolve())
            .then(() => outbox.stop())
            .then(() => transport.close())
            .then(() => db.close())
            .then(done, fail);
        });
      }),
  };
}
