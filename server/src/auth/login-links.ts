import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface LoginLinkRequest {
  portalId: string;
  portalSlug: string;
  email: string;
  /** Path inside the full-screen portal to open after sign-in, e.g. `/p/acme/tickets/<id>`. */
  next: string;
  /** Why the link exists: `login` (sign-in email) or `notification` (a ticket update email). */
  purpose: 'login' | 'notification';
  now: string;
}

/**
 * Creates a one-time sign-in link and returns its absolute URL (base `publicUrl`).
 * Only the token's hash is stored. Implemented by the sign-in work (issue 3).
 */
export async function issueLoginLink(trx: Executor, publicUrl: string, request: LoginLinkRequest): Promise<string> {
  void trx;
  return `${publicUrl}/p/${encodeURIComponent(request.portalSlug)}`;
}
