import type { EvidenceKind, ItemStatus } from '@/lib/domain/enums';

export type ReportEvidence = {
  id: string;
  catalogItemId: string;
  name: string;
  kind: EvidenceKind;
  sha256: string | null;
  sizeBytes: number | null;
  url: string | null;
  // A text note's own words, so a reader outside Preflight sees what the note says.
  text: string | null;
  // Probe evidence: the verdict per check it carries ("tls.protocols=pass;…").
  probeOutcome: string | null;
  validUntil: string | null;
  expired: boolean;
  superseded: boolean;
  uploadedBy: string | null;
  addedAt: string;
  planVersion: number | null;
};

export type ReportApproval = { reviewer: string | null; at: string; digest: string };

// A stale sign-off keeps who signed and when: the reader sees that the item was signed, then changed.
export type ReportSignOff = ({ state: 'signed' } & ReportApproval) | ({ state: 'stale' } & ReportApproval) | { state: 'unsigned' };

export type ReportItem = {
  catalogItemId: string;
  title: string;
  category: string;
  categoryTitle: string;
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
  // Every sign-off the item ever had, newest first: the current one and those a later change made stale.
  signOffTrail: ReportApproval[];
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
