/** The header that carries a CSV's or JSON's .sig (base64url) to the public verify endpoint. */
export const SIGNATURE_HEADER = 'x-preflight-signature';

export type PublicVerifyAnswer =
  | { genuine: true; sha256: string; report: { format: string; reportId: string; appName: string; generatedAt: string }; key: { keyId: string; validFrom: string; validUntil: string | null } }
  | { genuine: false; sha256: string; message: string };
