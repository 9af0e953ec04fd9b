// The browser half of passkeys: the server sends WebAuthn options as JSON
// (base64url for every byte string, as @simplewebauthn/server writes them) and
// expects the credential back in the same form. @simplewebauthn/browser does
// this too, but costs ~2.8 KB gzip of the widget's 25 KB; this is the part we use.

type Json = Record<string, unknown>;
type Descriptor = { id: string; type?: string; transports?: string[] };

function toBytes(b64url: string): ArrayBuffer {
  const bin = atob(b64url.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

function toB64url(buffer: ArrayBuffer): string {
  let bin = '';
  for (const b of new Uint8Array(buffer)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function descriptors(list: unknown): PublicKeyCredentialDescriptor[] | undefined {
  return (list as Descriptor[] | undefined)?.map((d) => ({
    ...d,
    type: 'public-key',
    id: toBytes(d.id),
    transports: d.transports as AuthenticatorTransport[] | undefined,
  }));
}

/** The server's options for the browser: their challenge as bytes. */
function withChallenge<T>(options: Json): T {
  return { ...options, challenge: toBytes(options.challenge as string) } as unknown as T;
}

/** What every answer carries besides its own response fields: ids, the client data and the extension results. */
function credentialJson(cred: PublicKeyCredential, response: Json): Json {
  return {
    id: cred.id,
    rawId: toB64url(cred.rawId),
    type: 'public-key',
    response: { clientDataJSON: toB64url(cred.response.clientDataJSON), ...response },
    clientExtensionResults: cred.getClientExtensionResults(),
    ...(cred.authenticatorAttachment && { authenticatorAttachment: cred.authenticatorAttachment }),
  };
}

/** navigator.credentials.create() for the server's registration options; answers the JSON the server verifies. */
export async function createPasskey(options: Json): Promise<Json> {
  const user = options.user as Json;
  const cred = (await navigator.credentials.create({
    publicKey: {
      ...withChallenge<PublicKeyCredentialCreationOptions>(options),
      user: { ...(user as unknown as PublicKeyCredentialUserEntity), id: toBytes(user.id as string) },
      excludeCredentials: descriptors(options.excludeCredentials),
    },
  })) as PublicKeyCredential;
  const response = cred.response as AuthenticatorAttestationResponse;
  return credentialJson(cred, {
    attestationObject: toB64url(response.attestationObject),
    transports: response.getTransports?.() ?? [],
  });
}

/** navigator.credentials.get() for the server's sign-in options; answers the JSON the server verifies. */
export async function usePasskey(options: Json): Promise<Json> {
  const cred = (await navigator.credentials.get({
    publicKey: {
      ...withChallenge<PublicKeyCredentialRequestOptions>(options),
      allowCredentials: descriptors(options.allowCredentials),
    },
  })) as PublicKeyCredential;
  const response = cred.response as AuthenticatorAssertionResponse;
  return credentialJson(cred, {
    authenticatorData: toB64url(response.authenticatorData),
    signature: toB64url(response.signature),
    ...(response.userHandle && { userHandle: toB64url(response.userHandle) }),
  });
}

/** Whether this browser can use passkeys at all. */
export const passkeysSupported = (): boolean => typeof PublicKeyCredential === 'function';
