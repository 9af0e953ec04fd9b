// A bare server process for the crash and shutdown tests (SECURITY.md rows 22 and
// 25): the real startServer on DATABASE_URL, no widget build, no demo site. Prints
// "READY <url>" once listening; on SIGTERM or SIGINT it stops gracefully, as
// scripts/start.ts does: "STOPPING" once it no longer listens, "STOPPED" and exit 0 once done.
import { parseEnv } from '../env.js';
import { startServer } from '../main.js';

const server = await startServer(parseEnv({ ...process.env, DEMO: '0' }));
console.log(`READY ${server.url.replace('localhost', '127.0.0.1')}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const stopped = server.stop();
    // stop() closes the listening socket at once: from this line on, new connections are refused.
    console.log('STOPPING');
    stopped.then(
      () => {
        console.log('STOPPED');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
