// The one place that decides which store holds evidence, so callers never construct one themselves. Today that is
// always the local folder; EVIDENCE_STORE will choose S3 here (ADR 023).
import { evidenceDir, LocalObjectStore } from './local-store';
import type { EvidenceObjectStore } from './object-store';

export function evidenceStore(dataDir: string): EvidenceObjectStore {
  return new LocalObjectStore(evidenceDir(dataDir));
}
