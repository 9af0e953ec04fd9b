// The SMTP listener alone, in its own process, on the database and upload
// directory named by the arguments; used by inbound/inbound-crash.test.ts.
// With CRASH_BEFORE_COMMIT=1 it stops dead after storing a message's bytes and
// before committing its row (it prints STORED and waits to be killed).
import { systemClock } from '../app-env.js';
import { connectDb } from '../db/connect.js';
import { acceptsRecipient } from '../inbound/start-inbound.js';
import { startSmtpListener } from '../inbound/smtp-listener.js';
import { createLocalStorage } from '../uploads/local-storage.js';

const [url, uploadDir, domain, schema] = process.argv.slice(2);
if (!url || !uploadDir || !domain)
  throw new Error('usage: inbound-crash-fixture.ts <database url> <upload dir> <domain> [schema]');
const db = await connectDb(url, schema ? { schema } : {});
const crash = process.env.CRASH_BEFORE_COMMIT === '1';
const listener = await startSmtpListener(
  {
    db: db.kysely,
    storage: createLocalStorage(uploadDir),
    now: () => systemClock.now(),
    maxMessageBytes: 1024 * 1024,
    ...(crash
      ? {
          beforeCommit: () =>
            new Promise<void>(() => {
              process.stdout.write('STORED\n');
            }),
        }
      : {}),
  },
  { port: 0, accepts: acceptsRecipient({ db }, domain) },
);
process.stdout.write(`LISTENING ${listener.port}\n`);
