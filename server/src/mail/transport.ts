import nodemailer from 'nodemailer';
import type { ThreadHeaders } from './templates.js';

/** One email as the worker hands it to a transport. */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<row-id@host>`: the same on every attempt, so a duplicate after a crash is recognisable. */
  messageId: string;
  /** Reply-To and threading headers, when the renderer chose some. */
  headers?: ThreadHeaders | undefined;
}

/**
 * Headers on every email we send: it is automatic mail (RFC 3834), so
 * vacation responders and Exchange's auto-replies leave it alone instead of
 * answering it, which would start a loop.
 */
export const AUTOMATED_MAIL_HEADERS = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
} as const;

/** Where the outbox worker delivers mail. */
export interface MailTransport {
  /** Stored in `email_outbox.transport`: `smtp` or `dev`. */
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** Delivery through nodemailer to `smtpUrl` (`smtp://user:pass@host:587`, `smtps://…`). */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // Short timeouts: a dead server fails the attempt (and backs off) instead of holding the worker.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    name: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        ...(message.headers?.replyTo ? { replyTo: message.headers.replyTo } : {}),
        ...(message.headers?.inReplyTo ? { inReplyTo: message.headers.inReplyTo } : {}),
        ...(message.headers?.references ? { references: message.headers.references } : {}),
        headers: { ...AUTOMATED_MAIL_HEADERS },
        // Our content never names files or URLs to attach; make sure it cannot.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
    close: () => transporter.close(),
  };
}

/**
 * The dev mailbox's transport (no `SMTP_URL`): the mail stays in the database
 * (listed at /dev/mailbox in the demo) and is printed with its links, so the
 * whole sign-in flow works on a laptop.
 */
export function createDevTransport(log: (line: string) => void = console.log): MailTransport {
  return {
    name: 'dev',
    async send(message) {
      const links = [...new Set(message.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
      // A sign-in email's 6-digit code, so the widget's code form can be tried from the console too.
      const code = /\b\d{6}\b/.exec(message.text)?.[0];
      log(
        [
          `[mail] to ${message.to}: ${message.subject}`,
          ...(code ? [`[mail]   code ${code}`] : []),
          ...links.map((link) => `[mail]   ${link}`),
        ].join('\n'),
      );
    },
    close: () => undefined,
  };
}

/** The transport for the environment: SMTP when `smtpUrl` is set, else the dev mailbox. */
export function createMailTransport(smtpUrl: string | undefined, log?: (line: string) => void): MailTransport {
  return smtpUrl ? createSmtpTransport(smtpUrl) : createDevTransport(log);
}
