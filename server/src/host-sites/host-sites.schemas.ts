import { z } from '@hono/zod-openapi';

/** A key id as it appears in a token's header and in URLs. */
export const Kid = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1-100 characters of A-Z, a-z, 0-9, ., _ and -');

/** The host's P-256 public key; a private part (`d`) is refused as an unknown field. */
export const PublicKeyJwkSchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url P-256 coordinate'),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url P-256 coordinate'),
  kid: z.string().max(100).optional(),
  alg: z.literal('ES256').optional(),
  use: z.literal('sig').optional(),
});

/**
 * A key to add: `HS256` (the server generates the secret and shows it once)
 * or `ES256` with the host's public key. Without `kid`, the server picks one.
 */
export const NewIdentityKeyBody = z
  .discriminatedUnion('alg', [
    z.strictObject({ alg: z.literal('HS256'), kid: Kid.optional() }),
    z.strictObject({ alg: z.literal('ES256'), kid: Kid.optional(), publicKeyJwk: PublicKeyJwkSchema }),
  ])
  .openapi('NewIdentityKey');
export type NewIdentityKeyBody = z.infer<typeof NewIdentityKeyBody>;

/** The answer to adding a key: an HS256 key's secret is shown this once, and never again. */
export const CreatedIdentityKeySchema = z
  .object({ kid: z.string(), alg: z.enum(['HS256', 'ES256']), secret: z.string().optional() })
  .openapi('CreatedIdentityKey');

/** A key as every other answer shows it: which kid, which algorithm, since when. */
export const IdentityKeySummarySchema = z
  .object({ kid: z.string(), alg: z.enum(['HS256', 'ES256']), createdAt: z.string() })
  .openapi('IdentityKeySummary');

export const HostSiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    keys: z.array(IdentityKeySummarySchema),
    /** Slugs of the portals that trust this host site. */
    portals: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('HostSite');
