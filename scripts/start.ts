// `npm start`: the server on ./data/tickets.db with the demo world, printing where to look.
import type { Server } from 'node:http';
import { startDemoSite } from '../demo-site/serve.js';
import { demoSiteHasPortal, prepareDemo, whereToLook } from '../server/src/demo/start-up.js';
import { parseEnv } from '../server/src/env.js';
import { startServer } from '../server/src/main.js';
import { BROTLI_BUDGET_BYTES, describeSizes, CONSOLE_BROTLI_BUDGET_BYTES, buildWidget } from './build-widget.js';

const env = parseEnv({ DEMO: '1', ...process.env });
const demoPort = Number(process.env.DEMO_SITE_PORT ?? 3001);
if (!Number.isInteger(demoPort) || demoPort < 1 || demoPort > 65535) {
  throw new Error('Invalid environment variable DEMO_SITE_PORT: must be a port number');
}
const bundles = await buildWidget();
console.log(`Built ${describeSizes('the widget', bundles, BROTLI_BUDGET_BYTES)}`);
console.log(`Built ${describeSizes('the console', bundles.console, CONSOLE_BROTLI_BUDGET_BYTES)}`);
const server = await startServer(env);
const db = server.deps.db.kysely;
const demo = await prepareDemo(db, { demo: env.DEMO === '1', demoSitePort: demoPort, now: new Date() });
if (demo.seeded) console.log('Seeded the demo world.');
if (demo.allowed.length) console.log(`Portals ${demo.allowed.join(', ')} now allow the demo site on port ${demoPort}.`);
if (env.ADMIN_EMAIL) console.log(`Admin: ${env.ADMIN_EMAIL} signs in on the console with the emailed code.`);

// The demo host website embeds the demo portal: it runs only when there is one to show.
let demoSite: Server | null = null;
if (await demoSiteHasPortal(db)) demoSite = await startDemoSite(demoPort, new URL(server.url).origin);
for (const line of await whereToLook(db, {
  serverUrl: server.url,
  demoSiteUrl: demoSite ? `http://localhost:${demoPort}/` : null,
  devMailbox: server.deps.settings.devMailbox ?? false,
  smtp: env.SMTP_URL !== undefined,
})) {
  console.log(line);
}
if (env.DEMO === '1') {
  console.log(
    'Demo accounts: alice@acme.example (customer, on the portal), admin@example.com (admin, on the console); sign in by email code.',
  );
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests…`);
    demoSite?.close();
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
