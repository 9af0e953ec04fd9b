// `npm start`: the server on ./data/tickets.db with the demo world, printing where to look.
import { startDemoSite } from '../demo-site/serve.js';
import { seedDemoWorld } from '../server/src/demo/seed.js';
import { parseEnv } from '../server/src/env.js';
import { startServer } from '../server/src/main.js';
import { buildWidget } from './build-widget.js';

const env = parseEnv({ DEMO: '1', ...process.env });
const bundle = await buildWidget();
console.log(`Built the widget: ${(bundle.gzip / 1024).toFixed(1)} KB gzip.`);
const server = await startServer(env);
if (env.DEMO === '1' && (await seedDemoWorld(server.deps.db.kysely, new Date()))) {
  console.log('Seeded the demo world.');
}
console.log(`Tickets Portal API: ${server.url}/api/v1/openapi.json`);
const demoPort = Number(process.env.DEMO_SITE_PORT ?? 3001);
const demoSite = await startDemoSite(demoPort, new URL(server.url).origin);
console.log(`Demo host website (embeds the widget): http://localhost:${demoPort}/`);
console.log(`Full-screen portal: ${server.url}/p/acme`);
if (server.deps.settings.devMailbox) {
  console.log(`Dev mailbox (sign-in codes and notifications): ${server.url}/dev/mailbox`);
  console.log('Demo accounts: alice@acme.example (customer), admin@example.com (admin); sign in by email code.');
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests…`);
    demoSite.close();
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
