import { createHash } from 'node:crypto';
import { canonicalJson } from '@/lib/audit/chain';
import type { CatalogItem } from '@/lib/catalog/schema';

/** The parts of a catalog item a team's answer depends on, with the words a change note uses for them. */
export const fingerprintFields = {
  title: 'title',
  why: 'why it matters',
  verify: 'how to verify',
  acceptanceCriteria: 'acceptance criteria',
  expectedEvidence: 'expected evidence',
  appliesWhen: 'when it applies',
  severity: 'severity',
} as const;
export type FingerprintField = keyof typeof fingerprintFields;
export type Fingerprint = Record<FingerprintField, string>;

const short = (value: unknown) => createHash('sha256').update(canonicalJson(value ?? null)).digest('hex').slice(0, 16);

/** Per-field hashes: enough to tell what changed between catalog versions without storing the catalog's text. */
export function itemFingerprint(item: CatalogItem): Fingerprint {
  const out = {} as Fingerprint;
  for (const field of Object.keys(fingerprintFields) as FingerprintField[]) out[field] = short(item[field]);
  return out;
}

export function changedFields(before: Fingerprint, after: Fingerprint): FingerprintField[] {
  return (Object.keys(fingerprintFields) as FingerprintField[]).filter((f) => before[f] !== after[f]);
}
