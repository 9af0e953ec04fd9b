import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findPortalBySlug } from '../portals/portals.repository.js';
import { allowDemoHostOrigins, seedDemoWorld } from './seed.js';

/** The origins a browser may give the demo host website on `port` (it listens on 127.0.0.1, printed as localhost). */
export function demoHostOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/**
 * `npm start`'s demo world: seeded once (when `demo`), its portals allowing
 * the demo host website where it really runs — also in a database seeded
 * earlier while the site ran on another port. Answers what it did.
 */
export async function prepareDemo(
  db: Kysely<Database>,
  options: { demo: boolean; demoSitePort: number; now: Date },
): Promise<{ seeded: boolean; allowed: string[] }> {
  if (!options.demo) return { seeded: false, allowed: [] };
  const origins = demoHostOrigins(options.demoSitePort);
  const seeded = await seedDemoWorld(db, options.now, { hostOrigins: origins });
  const allowed = seeded ? [] : await allowDemoHostOrigins(db, origins, options.now);
  return { seeded, allowed };
}

/** The portal the demo host website embeds. */
export const DEMO_SITE_PORTAL = 'acme';

/** Whether the demo host website has something to show: the portal it embeds exists and is enabled. */
export async function demoSiteHasPortal(db: Kysely<Database>): Promise<boolean> {
  const portal = await findPortalBySlug(db, DEMO_SITE_PORTAL);
  return portal?.config.enabled ?? false;
}

/**
 * What `npm start` prints: only addresses that answer. The demo host website
 * (when it runs), the full-screen portal (when it exists), the console (always:
 * staff sign in there), the dev mailbox (when on), the OpenAPI document, and
 * how sign-in codes reach you.
 */
export async function whereToLook(
  db: Kysely<Database>,
  options: { serverUrl: string; demoSiteUrl: string | null; devMailbox: boolean; smtp: boolean },
): Promise<string[]> {
  const lines: string[] = [];
  if (options.demoSiteUrl) lines.push(`Demo host website (embeds the widget): ${options.demoSiteUrl}`);
  const portal = await findPortalBySlug(db, DEMO_SITE_PORTAL);
  if (portal?.config.enabled) lines.push(`Full-screen portal: ${options.serverUrl}/p/${portal.slug}`);
  lines.push(`Support console (staff sign in here): ${options.serverUrl}/console`);
  if (options.devMailbox) lines.push(`Dev mailbox (sign-in codes and notifications): ${options.serverUrl}/dev/mailbox`);
  lines.push(`API description (OpenAPI): ${options.serverUrl}/api/v1/openapi.json`);
  if (!options.smtp) lines.push('No SMTP_URL: every email, sign-in codes and links included, is printed here.');
  return lines;
}
