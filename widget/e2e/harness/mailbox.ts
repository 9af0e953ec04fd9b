// The product's outgoing mail, as a real SMTP server receives it.
import { startSmtpPeer, type ReceivedMail } from '../../../server/src/mail/smtp-test-peer.js';

export type { ReceivedMail };

/** Mail the SMTP peer received, read per address. */
export interface Mailbox {
  /** `smtp://127.0.0.1:<port>`: the product's SMTP_URL. */
  url: string;
  /** How many messages arrived so far; pass it as `since` to wait only for later ones. */
  mark(): number;
  /** Messages to `address` that arrived after `since` (a `mark()`), oldest first. */
  to(address: string, since?: number): ReceivedMail[];
  /**
   * The latest message to `address` that arrived after `since` (and whose
   * subject matches, and that `match` accepts, if given), waiting up to `timeoutMs` for one.
   */
  latest(address: string, options?: LatestOptions): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

export interface LatestOptions {
  since?: number;
  subject?: RegExp;
  match?: (mail: ReceivedMail) => boolean;
  timeoutMs?: number;
}

const recipientOf = (mail: ReceivedMail, address: string) =>
  mail.rcptTo.some((r) => r.toLowerCase() === address.toLowerCase());

/** Starts a real SMTP server (the `smtp-server` peer) on a free port. */
export async function startMailbox(): Promise<Mailbox> {
  const peer = await startSmtpPeer();
  const to = (address: string, since = 0) => peer.messages.slice(since).filter((m) => recipientOf(m, address));
  return {
    url: peer.url,
    mark: () => peer.messages.length,
    to,
    async latest(address, { since = 0, subject, match, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = to(address, since).filter((m) => (!subject || subject.test(m.subject)) && (!match || match(m)));
        const last = found.at(-1);
        if (last) return last;
        if (Date.now() > deadline) {
          const seen = peer.messages.slice(since).map((m) => `${m.rcptTo.join(',')}: ${m.subject}`);
          throw new Error(
            `no mail to ${address}${subject ? ` matching ${subject}` : ''} within ${timeoutMs} ms; got: ${seen.join(' | ') || 'nothing'}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => peer.stop(),
  };
}

// The code stands alone on its line (the link's token could hold six digits too).
const CODE_LINE = /^\s*(\d{6})\s*$/m;

/** True for a sign-in email (one with a code), as opposed to a ticket notification. */
export function hasSignInCode(mail: ReceivedMail): boolean {
  return CODE_LINE.test(mail.text);
}

/** The 6-digit sign-in code of a sign-in email. */
export function signInCode(mail: ReceivedMail): string {
  const code = CODE_LINE.exec(mail.text)?.[1];
  if (!code) throw new Error(`no 6-digit code in "${mail.subject}":\n${mail.text}`);
  return code;
}

/** The one-time sign-in link (`…/auth/link?token=…`) of a sign-in or notification email. */
export function signInLink(mail: ReceivedMail): string {
  const link = /https?:\/\/[^\s<>"]+\/auth\/link\?token=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no sign-in link in "${mail.subject}":\n${mail.text}`);
  return link;
}
