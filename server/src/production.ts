// The production start: `npm run build` compiles this file (and everything it imports) to
// dist/server.js, and `npm run start:prod` (`node dist/server.js`) runs it without tsx.
// Unlike `npm start` it seeds nothing, builds nothing and logs JSON lines (ops/request-log.ts).
import { parseEnv } from './env.js';
import { startServer } from './main.js';
import { createLogger } from './ops/request-log.js';

const logger = createLogger(undefined, process.env.LOG_LEVEL ?? 'info');

try {
  const env = parseEnv();
  if (!env.SECRET)
    logger.warn('SECRET is not set: using one generated beside the data; several instances must share one SECRET');
  const server = await startServer(env, {
    logger,
    // Without SMTP_URL mail stays in the database; its codes and links are never written to the log.
    mailLog: (text) => logger.warn({ mail: text.split('\n')[0] }, 'mail kept in the database: SMTP_URL is not set'),
  });
  logger.info(
    { url: server.url, port: env.PORT, database: env.DATABASE_URL.startsWith('postgres') ? 'postgres' : 'sqlite' },
    'listening',
  );

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'finishing in-flight requests');
      server.stop().then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
} catch (err) {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'start failed');
  process.exit(1);
}
