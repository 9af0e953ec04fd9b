import { streamSSE } from 'hono/streaming';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requireViewer } from '../auth/require-viewer.js';
import type { Portal } from '../portals/portals.repository.js';
import type { EventHub } from './event-hub.js';

const KEEPALIVE_MS = 25_000;

/** Streams the hub's changes for `viewer` (and `portal`, or every ticket for staff when null) until the client leaves or the session ends. */
function changeStream(c: Context<AppEnv>, hub: EventHub, portal: Portal | null) {
  return streamSSE(c, async (stream) => {
    let wake: () => void = () => {};
    let ended = false;
    const finish = () => {
      ended = true;
      wake();
    };
    const unsubscribe = hub.subscribe({
      viewer: c.var.viewer,
      portal,
      send: (change) => {
        void stream.writeSSE({ event: 'ticket', id: change.id, data: JSON.stringify(change) });
      },
      end: finish,
    });
    stream.onAbort(finish);
    try {
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!ended) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, KEEPALIVE_MS).unref();
        });
        if (!ended) await stream.write(': keep-alive\n\n');
      }
    } finally {
      unsubscribe();
    }
  });
}

/**
 * GET /portals/:slug/events (in the portal scope) — server-sent events naming tickets that changed,
 * limited by the visibility rule. Sent with a bearer token, so the widget reads
 * it with fetch() rather than EventSource.
 *
 * GET /admin/events — the console's stream: every ticket's changes, internal
 * notes included, for a staff session (documented with the admin API).
 */
export function eventsApp(hub: EventHub) {
  return new Hono<AppEnv>().get('/events', (c) => changeStream(c, hub, c.var.portal));
}

/**
 * GET /admin/events — the console's stream: every ticket's changes, internal
 * notes included, for a staff session (documented with the admin API; mounted
 * at /api/v1 beside the admin app).
 */
export function staffEventsApp(hub: EventHub) {
  return new Hono<AppEnv>().get(ADMIN_EVENTS_PATH, requireViewer({ staff: true }), (c) => changeStream(c, hub, null));
}

/** The staff stream's path below /api/v1. */
export const ADMIN_EVENTS_PATH = '/admin/events';
