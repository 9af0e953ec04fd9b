// The embedding tab's own calls: the portal's host identity keys
// (admin/portals.routes.ts), typed from the server's schemas.
import type { z } from 'zod';
import type {
  CreatedIdentityKeySchema,
  NewIdentityKeyBody,
  PublicKeyJwkSchema,
} from '../../../../../server/src/host-sites/host-sites.schemas.js';
import type { ApiClient } from '../../../api/client.js';

export type CreatedKey = z.infer<typeof CreatedIdentityKeySchema>;
export type NewKey = z.infer<typeof NewIdentityKeyBody>;
type PublicJwk = z.infer<typeof PublicKeyJwkSchema>;

/** The server's origin rule for allowed sites (portals/portal-config.ts). */
export const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

const keys = (slug: string) => `/admin/portals/${encodeURIComponent(slug)}/identity-keys`;

/** Adds a key to the portal's host site; an HS256 answer holds the secret, this once. */
export function addKey(client: ApiClient, slug: string, body: NewKey): Promise<CreatedKey> {
  return client.send('POST', keys(slug), body);
}

export function removeKey(client: ApiClient, slug: string, kid: string): Promise<void> {
  return client.send('DELETE', `${keys(slug)}/${encodeURIComponent(kid)}`);
}

/**
 * The host's P-256 public key as the API takes it (a JWK), from a pasted JWK
 * or PEM (`BEGIN PUBLIC KEY`, read by the browser's WebCrypto). Only the
 * public parts are kept; anything else throws.
 */
export async function publicJwk(text: string): Promise<PublicJwk> {
  const t = text.trim();
  let jwk: JsonWebKey;
  if (t.startsWith('{')) jwk = JSON.parse(t) as JsonWebKey;
  else {
    const der = Uint8Array.from(atob(t.replace(/-----[A-Z ]+-----|\s+/g, '')), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    jwk = await crypto.subtle.exportKey('jwk', key);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('not a P-256 key');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}
