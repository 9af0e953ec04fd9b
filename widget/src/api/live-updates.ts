import type { ApiClient } from './client.js';
import type { TicketChange } from './types.js';

export type { TicketChange } from './types.js';

/** One server-sent event: its type (`event:`) and its data lines joined. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * Parses a `text/event-stream` body as the HTML spec reads it: lines end with
 * CR, LF or CRLF, a blank line ends an event, `:` starts a comment (the
 * server's keep-alives), one leading space after the colon is dropped.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
      const cut = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
      const lines = buffer.slice(0, cut).split(/\r\n|\r|\n/);
      buffer = lines.pop()! + buffer.slice(cut);
      for (const line of lines) {
        if (line === '') {
          if (data.length) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        const colon = line.indexOf(':');
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** First and longest wait before reconnecting, in ms; doubled after each failure. */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Keeps one live-update stream open for a portal session and reconnects with
 * exponential backoff (plus jitter, so many widgets do not return in step).
 * `onChange(null)` means "anything may have changed": after a reconnect, when
 * events may have been missed while the stream was down.
 */
export class LiveUpdates {
  private abort: AbortController | null = null;

  constructor(
    readonly api: ApiClient,
    private readonly onChange: (change: TicketChange | null) => void,
  ) {}

  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    void this.run(this.abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let delay = RETRY_MIN_MS;
    let connectedBefore = false;
    while (!signal.aborted) {
      try {
        const res = await this.api.events(signal);
        // 401 after a failed refresh: the client has already signed out, which stops us.
        if (res.status === 401) break;
        if (res.ok && res.body) {
          for await (const e of readEvents(res.body)) {
            if (e.event === 'ready') {
              delay = RETRY_MIN_MS;
              if (connectedBefore) this.onChange(null);
              connectedBefore = true;
            } else if (e.event === 'ticket') {
              this.onChange(JSON.parse(e.data) as TicketChange);
            }
          }
        } else {
          await res.body?.cancel();
        }
      } catch {
        // Network failure, or stop() aborting the request: the loop decides.
      }
      if (signal.aborted) break;
      await sleep(delay * (0.75 + Math.random() / 2), signal);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
