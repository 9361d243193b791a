import type { EvidenceKind } from '@/lib/domain/enums';
import type { ProbeEvidenceDetails } from '@/lib/probe/evidence-view';

/** One piece of evidence as the item page hands it to the browser (dates as ISO strings). */
export type EvidenceView = {
  id: string;
  kind: EvidenceKind;
  name: string;
  url: string | null;
  body: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  mimeType: string | null;
  planHref: string | null;
  supersededAt: string | null;
  uploaderName: string | null;
  createdAt: string;
  validUntil: string | null;
  revision: number;
  lineageId: string | null;
  replacedAt: string | null;
  deletedAt: string | null;
  purgedAt: string | null;
  /** Probe evidence: the readable result and the run it came from. */
  probe: ProbeEvidenceDetails | null;
  probeRunHref: string | null;
};

export type AttachablePlan = { planId: string; title: string; number: number; suggested: boolean };

/** Resolves true when the change may go ahead: at once, or after the person confirmed it. */
export type ConfirmChange = () => Promise<boolean>;
