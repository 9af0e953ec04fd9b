import { expect } from 'vitest';
import type { AppSettings } from '../app-env.js';
import type { TestContext } from '../testing/test-context.js';

/**
 * Settings for a file of sign-in tests: links point at a public URL, and the
 * whole file shares one IP bucket, wide enough for all its sign-ins (per-IP
 * limits have their own tests).
 */
export const SIGN_IN_TEST_SETTINGS: Partial<AppSettings> = {
  publicUrl: 'https://support.example.test',
  rateLimits: { startPerIp: { limit: 1000, windowSeconds: 900 }, verifyPerIp: { limit: 1000, windowSeconds: 900 } },
};

/** The newest email queued for `to`, with the code and link it carries. */
export async function lastSignInMail(t: TestContext, to: string) {
  const row = await t.k
    .selectFrom('email_outbox')
    .select(['id', 'subject', 'text_body', 'html_body', 'to_address'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const code = /^\s+(\d{6})$/m.exec(row.text_body)?.[1] ?? null;
  const link = /(https?:\/\/\S+\/auth\/link\?token=([A-Za-z0-9_%-]+))/.exec(row.text_body);
  return { ...row, code, link: link?.[1] ?? null, token: link ? decodeURIComponent(link[2]!) : null };
}

/** Number of queued emails, all recipients. */
export async function outboxCount(t: TestContext, to?: string): Promise<number> {
  let query = t.k.selectFrom('email_outbox').select((eb) => eb.fn.countAll().as('n'));
  if (to) query = query.where('to_address', '=', to);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Asks for a sign-in email (`portal` null: a staff sign-in on the console) and returns its code and link token. */
export async function requestSignIn(
  t: TestContext,
  portal: string | null,
  email: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await t.request('POST', '/api/v1/auth/email/start', {
    body: { ...(portal !== null && { portal }), email, ...extra },
    headers,
  });
  expect(res.status).toBe(202);
  const mail = await lastSignInMail(t, email.toLowerCase());
  if (!mail?.code || !mail.token) throw new Error(`no sign-in mail for ${email}`);
  return { code: mail.code, token: mail.token, link: mail.link!, mail };
}

/** The value of the session cookie a response sets, if any. */
export function sessionCookieOf(headers: Headers): string | null {
  for (const cookie of headers.getSetCookie()) {
    const match = /^__Host-tp_session=([^;]*)/.exec(cookie);
    if (match) return match[1] || null;
  }
  return null;
}
