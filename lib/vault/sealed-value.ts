import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IntegrityError } from './envelope';
import type { KeyRing } from './keys';

// Small secrets kept in the database (the probe's sign-in header) are sealed with the evidence keys directly:
// AES-256-GCM under the active key, the purpose bound in as associated data so a sealed value cannot be moved to
// another record. Key rotation re-seals them under the new active key.

export type SealedValue = { keyId: string; sealed: string };

function aad(keyId: string, purpose: string): Buffer {
  return Buffer.from(`preflight-sealed-v1:${keyId}:${purpose}`);
}

export function sealValue(ring: KeyRing, purpose: string, plaintext: string): SealedValue {
  const keyId = ring.activeId;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(keyId)!, iv);
  cipher.setAAD(aad(keyId, purpose));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId, sealed: Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64') };
}

export function openValue(ring: KeyRing, purpose: string, value: SealedValue): string {
  const key = ring.keys.get(value.keyId);
  if (!key) throw new IntegrityError(`key "${value.keyId}" is not in EVIDENCE_KEYS`);
  const raw = Buffer.from(value.sealed, 'base64');
  if (raw.length < 12 + 16) throw new IntegrityError('sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(aad(value.keyId, purpose));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  try {
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new IntegrityError('sealed value does not open with this key');
  }
}
