import { and, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, launchDecisions, users } from '../schema';
import { lockOf, requireAssessment } from './access';
import { supersedeOutdatedPlanEvidence } from './evidence';
import { appendAudit } from './audit';
import { expireRiskAcceptancesIn } from './risk-acceptance';
import type { Executor } from './executor';
import { announceAssessmentReopened, announceLaunchApproved } from './webhooks';
import { can } from '@/lib/permissions';

// Launch approval: what blocks it, the approval that locks the assessment, and the reopening that unlocks it.

/** What still stands between an assessment and its launch approval. */
export function launchBlockers(tx: Executor, assessmentId: string, today: string, catalog: Catalog = currentCatalog()) {
  const unsigned = tx
    .select({ catalogItemId: assessmentItems.catalogItemId })
    .from(assessmentItems)
    .where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false), isNull(assessmentItems.removedFromCatalogAt), isNull(assessmentItems.signOffId)))
    .all()
    .map((r) => ({ catalogItemId: r.catalogItemId, title: catalog.itemsById.get(r.catalogItemId)?.title ?? r.catalogItemId }));
  const expired = tx
    .select({ name: evidence.name, validUntil: evidence.validUntil, catalogItemId: assessmentItems.catalogItemId })
    .from(evidence)
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .where(
      and(
        eq(assessmentItems.assessmentId, assessmentId),
        eq(assessmentItems.excludedByProfile, false),
        isNull(assessmentItems.removedFromCatalogAt),
        isNull(evidence.deletedAt),
        isNull(evidence.replacedAt),
        isNotNull(evidence.validUntil),
        lt(evidence.validUntil, today),
      ),
    )
    .all();
  return { unsigned, expired };
}

export function summarizeBlockers(blockers: ReturnType<typeof launchBlockers>): string | null {
  const parts: string[] = [];
  const { unsigned, expired } = blockers;
  if (unsigned.length) {
    const names = unsigned.slice(0, 3).map((u) => `“${u.title}”`).join(', ');
    parts.push(`${unsigned.length} applicable item${unsigned.length === 1 ? ' is' : 's are'} not signed off (${names}${unsigned.length > 3 ? ', …' : ''})`);
  }
  if (expired.length) {
    const names = expired.slice(0, 3).map((e) => `“${e.name}” (valid until ${e.validUntil})`).join(', ');
    parts.push(`${expired.length} piece${expired.length === 1 ? '' : 's'} of evidence ha${expired.length === 1 ? 's' : 've'} expired (${names}${expired.length > 3 ? ', …' : ''})`);
  }
  return parts.length ? `Launch cannot be approved yet: ${parts.join('; ')}.` : null;
}

export function approveLaunch(actor: Actor, assessmentId: string, today: string, comment = ''): void {
  getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'launch.approve');
      // An acceptance that ran out no longer holds, whether or not a page showed it yet.
      expireRiskAcceptancesIn(tx, today, { assessmentId });
      const blockers = launchBlockers(tx, assessmentId, today);
      const message = summarizeBlockers(blockers);
      if (message) throw new ValidationError(message);
      const now = new Date();
      tx.update(assessments).set({ launchApprovedAt: now, launchApprovedById: actor.id, updatedAt: now }).where(eq(assessments.id, assessmentId)).run();
      tx.insert(launchDecisions).values({ id: crypto.randomUUID(), assessmentId, kind: 'approved', actorId: actor.id, reason: comment, at: now }).run();
      const signed = tx.select({ n: sql<number>`count(*)` }).from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), isNotNull(assessmentItems.signOffId))).get()!.n;
      appendAudit(tx, { action: 'assessment.launch-approved', actor, target: { type: 'assessment', id: assessmentId }, details: { appName: assessment.appName, signedItems: signed } });
      announceLaunchApproved(tx, { assessment, actor, at: now });
    },
    { behavior: 'immediate' },
  );
}

/** Withdraws a launch approval so the team can change the assessment again; the reason stays on record. Reviewers and admins only. */
export function reopenAssessment(actor: Actor, assessmentId: string, reason: string, today: string = new Date().toISOString().slice(0, 10)): void {
  getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'launch.reopen');
      if (!reason.trim()) throw new ValidationError('Give a reason for reopening.', { reason: 'Give a reason for reopening.' });
      const now = new Date();
      tx.update(assessments).set({ launchApprovedAt: null, launchApprovedById: null, updatedAt: now }).where(eq(assessments.id, assessmentId)).run();
      tx.insert(launchDecisions).values({ id: crypto.randomUUID(), assessmentId, kind: 'reopened', actorId: actor.id, reason, at: now }).run();
      // Plans published while it was approved now apply; reopening is not authorship, so four eyes do not count it.
      const superseded = supersedeOutdatedPlanEvidence(tx, { assessmentId }, actor.id, { asAuthor: false });
      // Acceptances that ran out while it was approved expire now that it is open again.
      expireRiskAcceptancesIn(tx, today, { assessmentId });
      appendAudit(tx, { action: 'assessment.reopened', actor, target: { type: 'assessment', id: assessmentId }, details: { appName: assessment.appName, reason, supersededEvidence: superseded } });
      announceAssessmentReopened(tx, { assessment, actor, at: now });
    },
    { behavior: 'immediate' },
  );
}

/** Sign-off counts and the launch decision history for the checklist page. */
export function launchState(actor: Actor, assessmentId: string, today: string) {
  const db = getDb();
  const { assessment, standing } = requireAssessment(db, actor, assessmentId, 'assessment.read');
  const decisions = db
    .select({ id: launchDecisions.id, kind: launchDecisions.kind, reason: launchDecisions.reason, at: launchDecisions.at, actorName: users.name })
    .from(launchDecisions)
    .leftJoin(users, eq(users.id, launchDecisions.actorId))
    .where(eq(launchDecisions.assessmentId, assessmentId))
    .orderBy(desc(launchDecisions.at))
    .limit(20)
    .all();
  const approvedBy = assessment.launchApprovedById ? (db.select({ name: users.name }).from(users).where(eq(users.id, assessment.launchApprovedById)).get()?.name ?? null) : null;
  const blockers = launchBlockers(db, assessmentId, today);
  return {
    approvedAt: assessment.launchApprovedAt,
    approvedBy,
    decisions,
    blockers,
    canApprove: can(standing, 'launch.approve', { kind: 'assessment', lock: lockOf(assessment) }),
    canReopen: can(standing, 'launch.reopen', { kind: 'assessment', lock: lockOf(assessment) }),
  };
}
