import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { notApplicableReason } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { computeReadiness } from '@/lib/checklist/readiness';
import { NotFoundError } from '@/lib/errors';
import { log } from '@/lib/log';
import { CHECKS } from '@/lib/probe/checks';
import type { ProbeResult } from '@/lib/probe/types';
import type { ReportData, ReportEvidence, ReportItem } from '@/lib/report/model';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, itemReviews, plans, planVersions, probeRuns, reportExports, teams, users, type ReportFormat } from '../schema';
import { requireAssessment } from './access';
import { parseProfile } from './assessments';
import { appendAudit, currentAuditHead } from './audit';
import type { Executor } from './executor';

/**
 * Everything the report shows, read in a handful of set-based queries (items, current evidence, sign-offs,
 * plans) and assembled in memory; nothing is fetched per item.
 */
/** The report of an assessment as of now, for anyone who may export it. */
export function loadReport(actor: Actor, assessmentId: string): Omit<ReportData, 'reportId'> {
  return loadReportData(getDb(), actor, assessmentId);
}

/** Refuses, before anything is written, anyone who may not export this assessment's report. */
export function authorizeReportExport(actor: Actor, assessmentId: string): void {
  requireAssessment(getDb(), actor, assessmentId, 'assessment.export');
}

/** Internal to the data layer (and its tests and benches): loadReport inside the caller's transaction. */
export function loadReportData(tx: Executor, actor: Actor, assessmentId: string, catalog: Catalog = currentCatalog(), now = new Date()): Omit<ReportData, 'reportId'> {
  const { assessment } = requireAssessment(tx, actor, assessmentId, 'assessment.export');
  const team = tx.select({ name: teams.name }).from(teams).where(eq(teams.id, assessment.teamId)).get()!;
  const approvedBy = assessment.launchApprovedById ? (tx.select({ name: users.name }).from(users).where(eq(users.id, assessment.launchApprovedById)).get()?.name ?? null) : null;
  const rows = tx
    .select({ item: assessmentItems, ownerName: users.name })
    .from(assessmentItems)
    .leftJoin(users, eq(users.id, assessmentItems.ownerId))
    .where(and(eq(assessmentItems.assessmentId, assessmentId), isNull(assessmentItems.removedFromCatalogAt)))
    .all()
    .filter((r) => catalog.itemsById.has(r.item.catalogItemId));
  const evidenceRows = tx
    .select({ e: evidence, itemId: evidence.assessmentItemId, uploader: users.name, planNumber: planVersions.number })
    .from(evidence)
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .leftJoin(users, eq(users.id, evidence.uploadedById))
    .leftJoin(planVersions, eq(planVersions.id, evidence.planVersionId))
    .where(and(eq(assessmentItems.assessmentId, assessmentId), isNull(evidence.deletedAt), isNull(evidence.replacedAt)))
    .orderBy(asc(evidence.createdAt))
    .all();
  const signOffs = tx
    .select({ id: itemReviews.id, itemId: itemReviews.assessmentItemId, at: itemReviews.at, reviewer: users.name, digest: itemReviews.digest })
    .from(itemReviews)
    .leftJoin(users, eq(users.id, itemReviews.reviewerId))
    .where(and(eq(itemReviews.assessmentId, assessmentId), eq(itemReviews.decision, 'approved')))
    .orderBy(desc(itemReviews.at))
    .all();
  const teamPlans = tx
    .select({ title: plans.title, templateId: plans.templateId, nextReviewDate: plans.nextReviewDate, lastExercisedDate: plans.lastExercisedDate, number: planVersions.number, sha256: planVersions.sha256, publishedAt: planVersions.publishedAt })
    .from(plans)
    .leftJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.number, sql`(select max(pv.number) from plan_versions pv where pv.plan_id = ${plans.id})`)))
    .where(eq(plans.teamId, assessment.teamId))
    .orderBy(asc(plans.title))
    .all();

  const today = now.toISOString().slice(0, 10);
  const evidenceByItem = new Map<string, ReportEvidence[]>();
  const manifest: ReportEvidence[] = [];
  const catalogIdOf = new Map(rows.map((r) => [r.item.id, r.item.catalogItemId]));
  for (const r of evidenceRows) {
    const entry: ReportEvidence = {
      id: r.e.id,
      catalogItemId: catalogIdOf.get(r.itemId) ?? '',
      name: r.e.name,
      kind: r.e.kind,
      sha256: r.e.sha256,
      sizeBytes: r.e.sizeBytes,
      url: r.e.kind === 'link' ? r.e.url : null,
      text: r.e.kind === 'text' ? r.e.body : null,
      probeOutcome: r.e.kind === 'probe' ? r.e.probeOutcome : null,
      validUntil: r.e.validUntil,
      expired: !!r.e.validUntil && r.e.validUntil < today,
      superseded: !!r.e.supersededAt,
      uploadedBy: r.uploader,
      addedAt: r.e.createdAt.toISOString(),
      planVersion: r.planNumber,
    };
    manifest.push(entry);
    evidenceByItem.set(r.itemId, [...(evidenceByItem.get(r.itemId) ?? []), entry]);
  }
  const signOffById = new Map(signOffs.map((s) => [s.id, s]));
  const trailByItem = new Map<string, ReportData['items'][number]['signOffTrail']>();
  for (const s of signOffs) trailByItem.set(s.itemId, [...(trailByItem.get(s.itemId) ?? []), { reviewer: s.reviewer, at: s.at.toISOString(), digest: s.digest }]);
  const categoryTitles = new Map(catalog.categories.map((c) => [c.slug, c.title]));
  const profile = parseProfile(assessment);

  const items: ReportItem[] = rows.map(({ item, ownerName }) => {
    const c = catalog.itemsById.get(item.catalogItemId)!;
    const met = new Set(JSON.parse(item.criteriaMet) as string[]);
    const signOff = item.signOffId ? signOffById.get(item.signOffId) : undefined;
    const trail = trailByItem.get(item.id) ?? [];
    return {
      catalogItemId: c.id,
      title: c.title,
      category: c.category,
      categoryTitle: categoryTitles.get(c.category) ?? c.category,
      severity: c.severity,
      applicable: !item.excludedByProfile,
      notApplicableReason: item.excludedByProfile ? notApplicableReason(c, profile, catalog.profileQuestions) : null,
      status: item.status,
      owner: ownerName,
      dueDate: item.dueDate,
      justification: item.justification,
      gapResponse: item.gapResponse,
      gapText: item.gapText,
      gapDueDate: item.gapDueDate,
      criteria: c.acceptanceCriteria.map((a) => ({ text: a.text, met: met.has(a.id) })),
      evidence: evidenceByItem.get(item.id) ?? [],
      signOff: signOff ? { state: 'signed', reviewer: signOff.reviewer, at: signOff.at.toISOString(), digest: signOff.digest } : trail[0] ? { state: 'stale', ...trail[0] } : { state: 'unsigned' },
      signOffTrail: trail,
    };
  });
  const order = new Map(catalog.items.map((c, i) => [c.id, i]));
  items.sort((a, b) => order.get(a.catalogItemId)! - order.get(b.catalogItemId)!);
  const readiness = computeReadiness(items.map((i) => ({ category: i.category, status: i.status, excludedByProfile: !i.applicable, removed: false })));
  const applicable = items.filter((i) => i.applicable);
  return {
    generatedAt: now.toISOString(),
    assessment: { id: assessment.id, appName: assessment.appName, appKind: assessment.appKind, baseUrl: assessment.baseUrl, targetLaunchDate: assessment.targetLaunchDate, catalogVersion: assessment.catalogVersion },
    team: team.name,
    launchApproval: assessment.launchApprovedAt ? { by: approvedBy, at: assessment.launchApprovedAt.toISOString() } : null,
    readiness: {
      percent: readiness.overall.percent,
      applicable: readiness.overall.applicable,
      done: readiness.overall.done,
      signed: applicable.filter((i) => i.signOff.state === 'signed').length,
      byCategory: catalog.categories
        .filter((cat) => readiness.byCategory.has(cat.slug))
        .map((cat) => {
          const p = readiness.byCategory.get(cat.slug)!;
          return { slug: cat.slug, title: cat.title, applicable: p.applicable, done: p.done, percent: p.percent, signed: applicable.filter((i) => i.category === cat.slug && i.signOff.state === 'signed').length };
        }),
    },
    items,
    plans: teamPlans.map((p) => ({ title: p.title, templateId: p.templateId, version: p.number, sha256: p.sha256, publishedAt: p.publishedAt?.toISOString() ?? null, nextReviewDate: p.nextReviewDate, lastExercisedDate: p.lastExercisedDate })),
    manifest,
    probe: latestProbeRun(tx, assessment.id),
    auditHead: (({ lastId, lastHash }) => ({ entries: lastId, hash: lastHash }))(currentAuditHead(tx)),
  };
}

/** Records an export (and audits it) in one transaction. */
export function recordReportExport(actor: Actor, input: { id: string; assessmentId: string; format: ReportFormat; sha256: string; sizeBytes: number; signatureKeyId?: string; signature?: string }): void {
  getDb().transaction(
    (tx) => {
      requireAssessment(tx, actor, input.assessmentId, 'assessment.read');
      tx.insert(reportExports).values({ ...input, createdById: actor.id, createdAt: new Date() }).run();
      const head = currentAuditHead(tx);
      log.info({ event: 'report.exported', exportId: input.id, format: input.format, sha256: input.sha256, auditEntries: head.lastId, auditHash: head.lastHash }, 'report exported');
      appendAudit(tx, { action: 'report.exported', actor, target: { type: 'assessment', id: input.assessmentId }, details: { exportId: input.id, format: input.format, sha256: input.sha256, sizeBytes: input.sizeBytes, signatureKeyId: input.signatureKeyId } });
    },
    { behavior: 'immediate' },
  );
}

/** Which recorded export, if any, has exactly this SHA-256. Anyone signed in may ask: holding the file is the claim. */
export function findExportByHash(actor: Actor, sha256: string) {
  const db = getDb();
  const match = db
    .select({ id: reportExports.id, format: reportExports.format, createdAt: reportExports.createdAt, sizeBytes: reportExports.sizeBytes, createdBy: users.name, appName: assessments.appName, teamName: teams.name })
    .from(reportExports)
    .innerJoin(assessments, eq(assessments.id, reportExports.assessmentId))
    .innerJoin(teams, eq(teams.id, assessments.teamId))
    .leftJoin(users, eq(users.id, reportExports.createdById))
    .where(eq(reportExports.sha256, sha256))
    .get();
  db.transaction((tx) => appendAudit(tx, { action: 'report.verified', actor, details: { sha256, genuine: !!match, exportId: match?.id ?? null } }), { behavior: 'immediate' });
  return match ?? null;
}

/** The detached signature of one export, for anyone who may read its assessment. */
export function reportExportSignature(actor: Actor, exportId: string) {
  const db = getDb();
  const row = db
    .select({ assessmentId: reportExports.assessmentId, format: reportExports.format, signature: reportExports.signature, createdAt: reportExports.createdAt, appName: assessments.appName })
    .from(reportExports)
    .innerJoin(assessments, eq(assessments.id, reportExports.assessmentId))
    .where(eq(reportExports.id, exportId))
    .get();
  if (!row) throw new NotFoundError();
  // Same answer for an export of another team as for none at all.
  requireAssessment(db, actor, row.assessmentId, 'assessment.read');
  if (!row.signature) throw new NotFoundError('This export was made before reports were signed; it has no signature.');
  return row;
}

/** The public verify page's checks are audited like the signed-in one's, by address instead of account. */
export function recordPublicVerification(input: { sha256: string; genuine: boolean; reason: string | null; ip: string }): void {
  getDb().transaction((tx) => appendAudit(tx, { action: 'report.public-verified', actor: null, actorLabel: 'anonymous', ip: input.ip, details: { sha256: input.sha256, genuine: input.genuine, reason: input.reason } }), { behavior: 'immediate' });
}

export function listReportExports(actor: Actor, assessmentId: string) {
  const db = getDb();
  requireAssessment(db, actor, assessmentId, 'assessment.read');
  return db
    .select({ id: reportExports.id, format: reportExports.format, sha256: reportExports.sha256, createdAt: reportExports.createdAt, createdBy: users.name, signed: sql<number>`${reportExports.signature} is not null` })
    .from(reportExports)
    .leftJoin(users, eq(users.id, reportExports.createdById))
    .where(eq(reportExports.assessmentId, assessmentId))
    .orderBy(desc(reportExports.createdAt))
    .limit(20)
    .all();
}


function latestProbeRun(tx: Executor, assessmentId: string): ReportData['probe'] {
  const run = tx.select().from(probeRuns).where(and(eq(probeRuns.assessmentId, assessmentId), eq(probeRuns.state, 'finished'))).orderBy(desc(probeRuns.finishedAt)).limit(1).get();
  if (!run?.result || !run.finishedAt || !run.resultSha256) return null;
  const result = JSON.parse(run.result) as ProbeResult;
  return {
    runId: run.id,
    finishedAt: run.finishedAt.toISOString(),
    sha256: run.resultSha256,
    passed: run.passed,
    failed: run.failed,
    checks: result.checks.map((c) => ({ id: c.id, title: CHECKS[c.id]?.title ?? c.id, status: c.status, items: c.items, summary: c.summary, proof: c.proof })),
  };
}
