import { describe, expect, it } from 'vitest';
import { readReplyToken, replyAddress, signReplyToken, tokenOfAddress } from './reply-token.js';

const secret = new TextEncoder().encode('test-secret-test-secret-test-secret!!');
const other = new TextEncoder().encode('another-secret-another-secret-another!');
const userId = '0b6f2a9e-3c41-4d8a-9e2f-5a1b7c3d9e01';

describe('reply token', () => {
  it('names the ticket and the person, and fits a local part', () => {
    const token = signReplyToken(secret, { ticketNumber: 1234567, userId })!;
    expect(token).toMatch(/^[a-z2-7]{48}$/);
    expect(replyAddress(token, 'in.example.com').split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(readReplyToken(secret, token)).toEqual({ ticketNumber: 1234567, userId });
    // Mail servers may upper-case a local part.
    expect(readReplyToken(secret, token.toUpperCase())).toEqual({ ticketNumber: 1234567, userId });
  });

  it('refuses tokens signed with another secret, changed in any character, cut, or not base32', () => {
    const token = signReplyToken(secret, { ticketNumber: 7, userId })!;
    expect(readReplyToken(other, token)).toBeNull();
    for (let i = 0; i < token.length; i += 1) {
      const flipped = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
      expect(readReplyToken(secret, flipped)).toBeNull();
    }
    expect(readReplyToken(secret, token.slice(0, -1))).toBeNull();
    expect(readReplyToken(secret, `${token}aa`)).toBeNull();
    expect(readReplyToken(secret, token.replace(/.$/, '!'))).toBeNull();
    expect(readReplyToken(secret, '')).toBeNull();
  });

  it('a token for one person does not name another or another ticket', () => {
    const a = signReplyToken(secret, { ticketNumber: 7, userId })!;
    const b = signReplyToken(secret, { ticketNumber: 8, userId })!;
    expect(a).not.toEqual(b);
    expect(readReplyToken(secret, b)?.ticketNumber).toBe(8);
  });

  it('finds the token only in our reply addresses', () => {
    const token = signReplyToken(secret, { ticketNumber: 7, userId })!;
    expect(tokenOfAddress(`reply+${token}@In.Example.com`, 'in.example.com')).toBe(token);
    expect(tokenOfAddress(`reply+${token}@evil.example`, 'in.example.com')).toBeNull();
    expect(tokenOfAddress(`support@in.example.com`, 'in.example.com')).toBeNull();
  });

  it('packs only UUID user ids', () => {
    expect(signReplyToken(secret, { ticketNumber: 1, userId: 'not-a-uuid' })).toBeNull();
  });
});
