import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { TooLargeError } from '../uploads/storage.js';
import { acceptInbound, type InboundStoreDeps } from './inbound-store.js';

export interface SmtpListener {
  port: number;
  stop(): Promise<void>;
}

/** An SMTP reply with a code, as smtp-server sends an error's `responseCode`. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Takes mail in over SMTP (the `smtp-server` package), for an MX or a relay
 * in front of us. Only recipients `accepts` knows are taken (no open relay).
 * A message is answered 250 only once it is stored and its row committed;
 * any failure before that is a temporary 451, so the sending server keeps
 * the message and tries again. The size limit is announced (SIZE) and
 * enforced (552).
 */
export async function startSmtpListener(
  deps: InboundStoreDeps,
  options: {
    port: number;
    host?: string;
    /** Whether we take mail for this address (our reply domain, a portal's support address). */
    accepts: (address: string) => Promise<boolean>;
    onAccepted?: () => void;
    log?: (line: string) => void;
  },
): Promise<SmtpListener> {
  const log = options.log ?? ((line: string) => console.error(line));
  const server = new SMTPServer({
    // A plain listener behind the MX or relay that does TLS and filtering; it needs no logins.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'Tickets Portal inbound mail',
    size: deps.maxMessageBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      options.accepts(address.address.toLowerCase()).then(
        (ok) => callback(ok ? null : smtpError(550, `5.1.1 no mailbox here for <${address.address}>`)),
        () => callback(smtpError(451, '4.3.0 try again later')),
      );
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const mailFrom = session.envelope.mailFrom;
      acceptInbound(deps, stream, {
        transport: 'smtp',
        // `MAIL FROM:<>` (a bounce) is kept as the empty string, so screening sees it.
        from: mailFrom === false ? null : mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      }).then(
        () => {
          options.onAccepted?.();
          callback(null, 'Message stored');
        },
        (error: unknown) => {
          // Read the rest, so the client hears our answer rather than a broken pipe.
          stream.resume();
          if (error instanceof TooLargeError || stream.sizeExceeded) {
            return callback(smtpError(552, `5.3.4 message larger than ${deps.maxMessageBytes} bytes`));
          }
          log(`[inbound] smtp: could not store a message: ${error instanceof Error ? error.message : String(error)}`);
          callback(smtpError(451, '4.3.0 could not store the message now; try again later'));
        },
      );
    },
  });
  server.listen(options.port, options.host ?? '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return { port, stop: () => new Promise<void>((done) => server.close(() => done())) };
}
