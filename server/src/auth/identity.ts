import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import type { HostKey } from '../host-sites/host-sites.repository.js';
import type { Portal } from '../portals/portals.repository.js';

/** The longest an identity token may live (`exp - iat`). */
export const MAX_IDENTITY_TOKEN_SECONDS = 10 * 60;
/** Host and server clocks differ a little. */
const CLOCK_TOLERANCE_SECONDS = 60;

/** What a verified identity token says about the customer. */
export interface HostIdentity {
  /** The host site's id for the customer (`sub`). */
  subject: string;
  /** Present only when the portal trusts the host's `email` claim. */
  email: string | null;
  name: string | null;
}

async function keyFor(key: HostKey): Promise<Uint8Array | CryptoKey> {
  if (key.alg === 'HS256') return new TextEncoder().encode(key.secret);
  const imported = await importJWK({ ...key.publicKeyJwk, alg: 'ES256' }, 'ES256');
  if (imported instanceof Uint8Array) throw new Error('an ES256 key must be a public key');
  return imported;
}

/**
 * Verifies a host identity token for `portal`: the key named by `kid` among
 * `keys` (its host site's), the algorithm that key is configured for (never
 * `none`, never another), `aud` equal to the portal's slug or configured
 * audience, and `sub`, `iat`, `exp` present with `exp - iat` at most ten
 * minutes. Null for anything else.
 */
export async function verifyIdentityToken(
  portal: Portal,
  keys: readonly HostKey[],
  token: string,
  now: Date,
): Promise<HostIdentity | null> {
  const identity = portal.config.identity;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return null;
  }
  const key = keys.find((k) => k.kid === header.kid);
  if (!key || header.alg !== key.alg) return null;
  const audience = [portal.slug, ...(identity.audience ? [identity.audience] : [])];
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await keyFor(key), {
      algorithms: [key.alg],
      audience,
      requiredClaims: ['sub', 'aud', 'iat', 'exp'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_IDENTITY_TOKEN_SECONDS + CLOCK_TOLERANCE_SECONDS,
    }));
  } catch {
    return null;
  }
  const { sub, iat, exp } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > MAX_IDENTITY_TOKEN_SECONDS || exp <= iat)
    return null;
  if (iat * 1000 > now.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) return null;
  const email =
    identity.trustEmail && typeof payload.email === 'string' && /^[^\s@]{1,64}@[^\s@]{1,190}$/.test(payload.email)
      ? payload.email.toLowerCase()
      : null;
  const rawName =
    typeof payload.name === 'string'
      ? payload.name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim()
      : '';
  return { subject: sub, email, name: rawName ? rawName.slice(0, 120) : null };
}
