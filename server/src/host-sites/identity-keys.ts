import { importJWK } from 'jose';
import { ApiError, badRequest } from '../http/errors.js';
import { conflict } from '../admin/admin-access.js';
import {
  hostKeys,
  insertHostKey,
  MAX_KEYS_PER_HOST_SITE,
  newKid,
  newSecret,
  type HostKey,
} from './host-sites.repository.js';
import type { NewIdentityKeyBody } from './host-sites.schemas.js';
import type { Executor } from '../db/executor.js';

/**
 * Adds a key to a host site and returns what the admin sees of it, an
 * HS256 key's generated secret included (the only time it is shown). A kid
 * already used by the host site is a 409; an ES256 key must import as a
 * P-256 public key.
 */
export async function addIdentityKey(
  trx: Executor,
  hostSiteId: string,
  body: NewIdentityKeyBody,
  now: string,
): Promise<{ kid: string; alg: HostKey['alg']; secret?: string }> {
  const existing = await hostKeys(trx, hostSiteId);
  if (existing.length >= MAX_KEYS_PER_HOST_SITE) {
    throw new ApiError(409, 'too_many_keys', 'A host site has at most {max} keys; remove one first.', undefined, {
      params: { max: MAX_KEYS_PER_HOST_SITE },
    });
  }
  const kid = body.kid ?? newKid();
  if (existing.some((k) => k.kid === kid)) throw conflict('kid', 'another key of this host site has this kid.');
  if (body.alg === 'HS256') {
    const secret = newSecret();
    await insertHostKey(trx, hostSiteId, { kid, alg: 'HS256', secret, createdAt: now });
    return { kid, alg: 'HS256', secret };
  }
  const { kty, crv, x, y } = body.publicKeyJwk;
  try {
    await importJWK({ kty, crv, x, y, alg: 'ES256' }, 'ES256');
  } catch {
    throw badRequest('publicKeyJwk', 'must be a P-256 public key.');
  }
  await insertHostKey(trx, hostSiteId, { kid, alg: 'ES256', publicKeyJwk: { kty, crv, x, y }, createdAt: now });
  return { kid, alg: 'ES256' };
}
