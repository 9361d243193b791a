// Webhook signatures, in the shape receivers already know from Stripe and GitHub: an HMAC-SHA256 over the
// timestamp and the exact body bytes, so a receiver can tell a delivery came from this instance and was not
// replayed later. Pure node:crypto; docs/webhooks.md shows the same check for a receiver to paste.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Preflight-Signature';
export const EVENT_HEADER = 'Preflight-Event';
export const DELIVERY_HEADER = 'Preflight-Delivery';
export const SECRET_PREFIX = 'whsec_';

/** 32 random bytes, base64url, with a prefix secret scanners can match. The whole string is the HMAC key. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** `t=<unix seconds>,v1=<hex>` for this body at this time. */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/**
 * Whether `header` signs `body` with `secret`, made within `toleranceSeconds` of now (either side, for clock skew).
 * Several `v1=` values are accepted so a sender could sign with two secrets during a change-over.
 */
export function verifySignature(secret: string, header: string | null | undefined, body: string, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Constant time: an attacker must not learn how many leading bytes of a forged signature were right.
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
