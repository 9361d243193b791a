// Key-encryption keys (KEKs) for evidence, from EVIDENCE_KEYS="id:base64[,id:base64…]" and EVIDENCE_ACTIVE_KEY_ID.
export type KeyRing = { activeId: string; keys: Map<string, Buffer> };

export class KeyConfigError extends Error {}

const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

export function parseKeyRing(spec: string | undefined, activeId: string | undefined): KeyRing {
  if (!spec) throw new KeyConfigError('EVIDENCE_KEYS is empty.');
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const sep = entry.indexOf(':');
    const id = entry.slice(0, sep);
    const key = Buffer.from(entry.slice(sep + 1), 'base64');
    // Messages name the key id only, never key material.
    if (sep < 1 || !KEY_ID.test(id)) throw new KeyConfigError(`EVIDENCE_KEYS: a key id must be 1–32 letters, digits, ".", "_" or "-" (entry ${keys.size + 1}).`);
    if (key.length !== 32) throw new KeyConfigError(`EVIDENCE_KEYS: key "${id}" must be 32 bytes, base64-encoded.`);
    if (keys.has(id)) throw new KeyConfigError(`EVIDENCE_KEYS: key "${id}" appears twice.`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new KeyConfigError('EVIDENCE_KEYS holds no keys.');
  const active = activeId || [...keys.keys()].pop()!;
  if (!keys.has(active)) throw new KeyConfigError(`EVIDENCE_ACTIVE_KEY_ID "${active}" is not in EVIDENCE_KEYS.`);
  return { activeId: active, keys };
}
