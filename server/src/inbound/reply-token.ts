import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token in a notification's Reply-To (`reply+<token>@<inbound domain>`):
 * it names the ticket (by number) and the recipient (by id), signed with the
 * server's secret so nobody can make one for another ticket or person.
 *
 * Layout, 30 bytes: version (1) · ticket number (5, big-endian) · user id
 * (16, the UUID's bytes) · HMAC-SHA256 truncated to 8 bytes. Written in
 * lower-case base32 (48 characters): mail servers may change the case of a
 * local part, and `reply+` plus the token stays under the 64 characters a
 * local part may have. 64 bits of MAC, with the sender's address required to
 * match too and a per-sender rate limit, leave nothing to guess.
 */

const VERSION = 1;
const LENGTH = 30;
const MAC_BYTES = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** What a valid token names. */
export interface ReplyTarget {
  ticketNumber: number;
  userId: string;
}

function mac(secret: Uint8Array, payload: Uint8Array): Buffer {
  return createHmac('sha256', secret).update('reply-token\u0000').update(payload).digest().subarray(0, MAC_BYTES);
}

/** The token for `target`, or null when the ids cannot be packed (a user id that is not a UUID). */
export function signReplyToken(secret: Uint8Array, target: ReplyTarget): string | null {
  const userId = target.userId.toLowerCase();
  if (
    !UUID.test(userId) ||
    !Number.isSafeInteger(target.ticketNumber) ||
    target.ticketNumber < 0 ||
    target.ticketNumber >= 2 ** 40
  ) {
    return null;
  }
  const bytes = Buffer.alloc(LENGTH);
  bytes[0] = VERSION;
  bytes.writeUIntBE(target.ticketNumber, 1, 5);
  Buffer.from(userId.replace(/-/g, ''), 'hex').copy(bytes, 6);
  mac(secret, bytes.subarray(0, LENGTH - MAC_BYTES)).copy(bytes, LENGTH - MAC_BYTES);
  return base32(bytes);
}

/** What `token` names when its signature is ours; null for anything else (forged, cut, another version). */
export function readReplyToken(secret: Uint8Array, token: string): ReplyTarget | null {
  const bytes = unbase32(token.toLowerCase());
  if (!bytes || bytes.length !== LENGTH || bytes[0] !== VERSION) return null;
  const expected = mac(secret, bytes.subarray(0, LENGTH - MAC_BYTES));
  if (!timingSafeEqual(expected, bytes.subarray(LENGTH - MAC_BYTES))) return null;
  const hex = bytes.subarray(6, 22).toString('hex');
  const userId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { ticketNumber: bytes.readUIntBE(1, 5), userId };
}

/** `reply+<token>@<domain>`, the address a notification asks to be answered at. */
export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}

/** The token of a `reply+<token>@<domain>` address on our domain, else null. */
export function tokenOfAddress(address: string, domain: string): string | null {
  const match = /^reply\+([a-z2-7]{1,100})@(.+)$/i.exec(address.trim());
  if (!match || match[2]!.toLowerCase() !== domain.toLowerCase()) return null;
  return match[1]!.toLowerCase();
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
