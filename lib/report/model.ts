import type { EvidenceKind, ItemStatus } from '@/lib/domain/enums';

export type ReportEvidence = {
  id: string;
  catalogItemId: string;
  name: string;
  kind: EvidenceKind;
  sha256: string | null;
  sizeBytes: number | null;
  url: string | null;
  validUntil: string | null;
  expired: boolean;
  superseded: boolean;
  uploadedBy: string | null;
  addedAt: string;
  planVersion: number | null;
};

export type ReportSignOff = { state: 'signed'; reviewer: string | null; at: string; digest: string } | { state: 'stale' } | { state: 'unsigned' };

export type ReportItem = {
  catalogItemId: string;
  title: string;
  category: string;
  severity: string;
  applicable: boolean;
  notApplicableReason: string | null;
  status: ItemStatus;
  owner: string | null;
  dueDate: string | null;
  justification: string;
  gapResponse: string | null;
  gapText: string;
  gapDueDate: string | null;
  criteria: { text: string; met: boolean }[];
  evidence: ReportEvidence[];
  signOff: ReportSignOff;
};

/** The report's content, independent of its format. */
export type ReportData = {
  reportId: string;
  generatedAt: string;
  assessment: { id: string; appName: string; appKind: string; baseUrl: string; targetLaunchDate: string; catalogVersion: string };
  team: string;
  launchApproval: { by: string | null; at: string } | null;
  readiness: { percent: number; applicable: number; done: number; signed: number; byCategory: { slug: string; title: string; applicable: number; done: number; percent: number; signed: number }[] };
  items: ReportItem[];
  plans: { title: string; templateId: string; version: number | null; sha256: string | null; publishedAt: string | null; nextReviewDate: string | null; lastExercisedDate: string | null }[];
  manifest: ReportEvidence[];
  // The latest finished probe run, with its proof, so a reader sees why each check passed or failed.
  probe: ReportProbe | null;
  // The audit log's sealed head when the report was made: a copy outside the database (ADR 013).
  auditHead: { entries: number; hash: string };
};

export type ReportProbe = {
  runId: string;
  finishedAt: string;
  sha256: string;
  passed: number;
  failed: number;
  checks: { id: string; title: string; status: string; items: string[]; summary: string; proof: string[] }[];
};
