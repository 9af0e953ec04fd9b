// Builds a small world in the SQLite file named by argv[2] and prints, as one JSON
// line, a customer session token (signed with SECRET) and what a ticket needs.
// Used by security/crash.test.ts before it starts the server process on that file.
import { systemClock } from '../app-env.js';
import { mintSession } from '../auth/sessions.js';
import { connectDb } from '../db/connect.js';
import { newId } from '../db/ids.js';
import { defaultPortalConfig } from '../portals/portal-config.js';
import { insertPortal } from '../portals/portals.repository.js';

const file = process.argv[2];
const secret = process.env.SECRET;
if (!file || !secret) throw new Error('usage: SECRET=… crash-fixture.ts <sqlite file>');

const db = await connectDb(file);
const k = db.kysely;
const now = new Date().toISOString();
const typeId = newId();
await k
  .insertInto('ticket_types')
  .values({ id: typeId, key: 'incident', name: 'Incident', position: 0, created_at: now })
  .execute();
const orgId = newId();
await k.insertInto('organizations').values({ id: orgId, name: 'Acme', domain: null, created_at: now }).execute();
const userId = newId();
await k
  .insertInto('users')
  .values({
    id: userId,
    email: 'crash@acme.test',
    name: 'Crash Test',
    role: 'customer',
    organization_id: orgId,
    locale: 'en',
    external_id: null,
    created_at: now,
  })
  .execute();
const portal = await insertPortal(k, 'acme', defaultPortalConfig('acme', 'ticket', [typeId]), now);
const { token } = await mintSession(k, new TextEncoder().encode(secret), systemClock, {
  userId,
  portalId: portal.id,
  kind: 'widget',
  ttlSeconds: 3600,
});
await db.close();
console.log(JSON.stringify({ token, typeId, slug: portal.slug, userId }));
