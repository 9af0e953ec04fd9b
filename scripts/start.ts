// `npm start`: the server on ./data/tickets.db with the demo world, printing where to look.
import { seedDemoWorld } from '../server/src/demo/seed.js';
import { parseEnv } from '../server/src/env.js';
import { startServer } from '../server/src/main.js';

const env = parseEnv({ DEMO: '1', ...process.env });
const server = await startServer(env);
if (env.DEMO === '1' && (await seedDemoWorld(server.deps.db.kysely, new Date()))) {
  console.log('Seeded the demo world.');
}
console.log(`Tickets Portal API: ${server.url}/api/v1/openapi.json`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests…`);
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
