import { streamSSE } from 'hono/streaming';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { EventHub } from './event-hub.js';

const KEEPALIVE_MS = 25_000;

/**
 * GET /portals/:slug/events (in the portal scope) — server-sent events naming tickets that changed,
 * limited by the visibility rule. Sent with a bearer token, so the widget reads
 * it with fetch() rather than EventSource.
 */
export function eventsApp(hub: EventHub) {
  return new Hono<AppEnv>().get('/events', (c) =>
    streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      let ended = false;
      const finish = () => {
        ended = true;
        wake();
      };
      const unsubscribe = hub.subscribe({
        viewer: c.var.viewer,
        portal: c.var.portal,
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
    }),
  );
}
