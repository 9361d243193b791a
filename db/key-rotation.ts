import { listFilesNotUnderKey, recordKeyRotation, setEvidenceKey } from '@/db/queries/evidence';
import { listProbeSecretsNotUnderKey, probeAuthPurpose, setProbeSecretKey } from '@/db/queries/probe';
import { listWebhookSecretsNotUnderKey, setWebhookSecretKey } from '@/db/queries/webhooks';
import { listTotpSecretsNotUnderKey, setTotpSecretKey, totpPurpose } from '@/db/queries/mfa';
import { webhookSecretPurpose } from '@/db/webhook-delivery';
import { openValue, sealValue } from '@/lib/vault/sealed-value';
import { encodeKeyFields, HEADER_SIZE, KEY_FIELDS_OFFSET, unwrapDataKey, wrapDataKey } from '@/lib/vault/envelope';
import type { KeyRing } from '@/lib/vault/keys';
import { readHead } from '@/lib/vault/object-store';
import { evidenceStore } from '@/lib/vault/stores';

export type RotationResult = { rewrapped: number; failed: { id: string; reason: string }[]; remaining: number };

/**
 * Re-wraps every file's data key under the active key. File bodies are untouched: only the header's key fields
 * change (the store rewrites the header durably, in place on a local folder; ADR 023), then the row. Safe to
 * interrupt and run again: the row stays authoritative until it is switched, and a file already switched is skipped.
 */
export async function rotateEvidenceKeys(ring: KeyRing, dataDir: string, onProgress?: (done: number, total: number) => void): Promise<RotationResult> {
  const activeKek = ring.keys.get(ring.activeId)!;
  const store = evidenceStore(dataDir);
  const todo = listFilesNotUnderKey(ring.activeId);
  const failed: RotationResult['failed'] = [];
  let rewrapped = 0;
  for (const [i, file] of todo.entries()) {
    const oldKek = ring.keys.get(file.keyId);
    if (!oldKek) {
      failed.push({ id: file.id, reason: `key "${file.keyId}" is not in EVIDENCE_KEYS` });
      continue;
    }
    try {
      const dataKey = unwrapDataKey(oldKek, file.keyId, file.id, Buffer.from(file.wrappedKey, 'base64'));
      const wrapped = wrapDataKey(activeKek, ring.activeId, file.id, dataKey);
      dataKey.fill(0);
      const header = await readHead(store, file.storedName, HEADER_SIZE);
      if (header.length < HEADER_SIZE) throw new Error('the stored file is shorter than its header');
      encodeKeyFields(ring.activeId, wrapped).copy(header, KEY_FIELDS_OFFSET);
      await store.rewriteHead(file.storedName, header);
      if (setEvidenceKey(file.id, file.keyId, ring.activeId, wrapped.toString('base64'))) rewrapped += 1;
    } catch (e) {
      failed.push({ id: file.id, reason: e instanceof Error ? e.message : String(e) });
    }
    onProgress?.(i + 1, todo.length);
  }
  // The probe's sealed sign-in headers are small: each is opened and sealed again under the active key.
  for (const secret of listProbeSecretsNotUnderKey(ring.activeId)) {
    const purpose = probeAuthPurpose(secret.assessmentId);
    try {
      if (setProbeSecretKey(secret.assessmentId, secret.keyId, sealValue(ring, purpose, openValue(ring, purpose, secret)))) rewrapped += 1;
    } catch (e) {
      failed.push({ id: `probe-target:${secret.assessmentId}`, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  // Webhook signing secrets likewise.
  for (const secret of listWebhookSecretsNotUnderKey(ring.activeId)) {
    const purpose = webhookSecretPurpose(secret.webhookId);
    try {
      if (setWebhookSecretKey(secret.webhookId, secret.keyId, sealValue(ring, purpose, openValue(ring, purpose, secret)))) rewrapped += 1;
    } catch (e) {
      failed.push({ id: `webhook:${secret.webhookId}`, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  // And authenticator-app secrets.
  for (const secret of listTotpSecretsNotUnderKey(ring.activeId)) {
    const purpose = totpPurpose(secret.userId);
    try {
      if (setTotpSecretKey(secret.userId, secret.keyId, sealValue(ring, purpose, openValue(ring, purpose, secret)))) rewrapped += 1;
    } catch (e) {
      failed.push({ id: `totp:${secret.userId}`, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const remaining =
    listFilesNotUnderKey(ring.activeId).length + listProbeSecretsNotUnderKey(ring.activeId).length + listWebhookSecretsNotUnderKey(ring.activeId).length + listTotpSecretsNotUnderKey(ring.activeId).length;
  recordKeyRotation({ activeKeyId: ring.activeId, rewrapped, failed: failed.length, remaining });
  return { rewrapped, failed, remaining };
}
