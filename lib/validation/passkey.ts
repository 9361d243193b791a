import { z } from 'zod';

// The JSON @simplewebauthn/browser produces, checked for shape and size before the library parses its contents.
const b64url = z.string().max(8192).regex(/^[A-Za-z0-9_-]*$/, 'not base64url');

const extensions = z
  .object({ credProps: z.object({ rk: z.boolean().optional() }).optional() })
  .passthrough()
  .default({});

// What both ceremonies' answers share: the credential's id and type, and the client's extension results.
const credential = {
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensions,
};

export const AuthenticationResponseSchema = z.object({
  ...credential,
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
});

export const RegistrationResponseSchema = z.object({
  ...credential,
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    transports: z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url.optional(),
  }),
});

/** A passkey response that arrived as a JSON string (a form field). Null when it is not one. */
export function parseAuthenticationResponse(json: string | undefined) {
  if (!json) return null;
  try {
    const parsed = AuthenticationResponseSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
