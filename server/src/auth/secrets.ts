import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A random, URL-safe token of `bytes` random bytes (256 bits by default). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A uniformly random 6-digit code, leading zeros kept. */
export function randomCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * What is stored instead of a secret: an HMAC under the app's key, so a copy
 * of the database alone does not let anyone test guesses (6-digit codes are
 * otherwise trivial to reverse). `purpose` keeps hashes of one kind from
 * ever matching another kind.
 */
export function keyedHash(key: Uint8Array, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('hex');
}

/** Constant-time comparison of two strings of hex or base64url. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
