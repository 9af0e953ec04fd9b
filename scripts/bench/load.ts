// Load generators for `npm run bench:api`, on node:http keep-alive sockets.
//
// - openLoop: requests arrive at a fixed rate, evenly spaced, whatever the server does; each
//   latency is timed from the request's *scheduled* start, so a stall delays every request
//   behind it in the figures too (no coordinated omission). autocannon's overallRate sends
//   each second's quota as a burst, which is not a fixed arrival rate.
// - closedLoop: N connections, opened and answered once before the window, each sending its
//   next request when the previous answer arrives; only requests inside the window count.
import { Agent, request as httpRequest } from 'node:http';

/** One request to send. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type RequestOf = (i: number) => BenchRequest;

/** What a run measured. Latencies in ms, sorted; statuses counted. */
export interface LoadResult {
  latencies: number[];
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

function send(agent: Agent, base: URL, req: BenchRequest): Promise<number> {
  return new Promise((done, fail) => {
    const r = httpRequest(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body ? { 'content-length': Buffer.byteLength(req.body) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', fail);
      },
    );
    r.on('error', fail);
    r.end(req.body);
  });
}

/** Percentile `q` (0–1) of sorted `values`. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  return values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))]!;
}

/** Opens `count` sockets to `url` and has each answer one `warm` request, so none waits to be accepted later. */
async function warmAgent(url: string, count: number, warm: BenchRequest): Promise<Agent> {
  const agent = new Agent({ keepAlive: true, maxSockets: count, maxFreeSockets: count, scheduling: 'fifo' });
  const base = new URL(url);
  await Promise.all(Array.from({ length: count }, () => send(agent, base, warm)));
  return agent;
}

/**
 * Sends `rate` requests a second for `seconds`, evenly spaced, over up to
 * `connections` warmed keep-alive sockets; latency from each scheduled start.
 */
export async function openLoop(
  url: string,
  options: { rate: number; seconds: number; connections?: number; warm: BenchRequest; requestOf: RequestOf },
): Promise<LoadResult> {
  const connections = options.connections ?? 64;
  const agent = await warmAgent(url, connections, options.warm);
  const base = new URL(url);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const start = performance.now() + 20;
  const pending: Promise<void>[] = [];
  await new Promise<void>((finish) => {
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const scheduled = start + sent * interval;
        pending.push(
          send(agent, base, options.requestOf(sent)).then(
            (status) => {
              if (status >= 200 && status < 300) {
                ok += 1;
                latencies.push(performance.now() - scheduled);
              } else non2xx += 1;
            },
            () => void (errors += 1),
          ),
        );
        sent += 1;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else finish();
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, ok, non2xx, errors, seconds: options.seconds };
}

/**
 * `connections` warmed sockets, each sending its next request as soon as the
 * last is answered, for `seconds`; `onWindow` is called as the window opens
 * and closes (to read the server's CPU time and event-loop delay then).
 */
export async function closedLoop(
  url: string,
  options: {
    connections: number;
    seconds: number;
    warm: BenchRequest;
    requestOf: RequestOf;
    onWindow?: (edge: 'open' | 'close') => Promise<void>;
  },
): Promise<LoadResult> {
  const agent = await warmAgent(url, options.connections, options.warm);
  const base = new URL(url);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let i = 0;
  await options.onWindow?.('open');
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const status = await send(agent, base, options.requestOf(i++));
          if (status >= 200 && status < 300) {
            ok += 1;
            latencies.push(performance.now() - t0);
          } else non2xx += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await options.onWindow?.('close');
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, ok, non2xx, errors, seconds };
}
