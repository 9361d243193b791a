import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { getDb } from '../index';
import { assessmentItems, evidence, itemReviews, users, type AssessmentItem } from '../schema';
import { requireAssessment } from './access';


export type ChecklistRow = Pick<
  AssessmentItem,
  'id' | 'catalogItemId' | 'status' | 'excludedByProfile' | 'ownerId' | 'dueDate' | 'version' | 'catalogNote' | 'removedFromCatalogAt' | 'justification' | 'riskAcceptanceExpiredOn'
> & { ownerName: string | null; evidenceCount: number; expiredEvidenceCount: number; signedOff: boolean; everSigned: boolean; probeOutcome: string | null; probedAt: Date | null };

/** Every item row of an assessment with owner names and evidence counts: one query, no per-item lookups. */
export function listChecklistRows(actor: Actor, assessmentId: string): ChecklistRow[] {
  const db = getDb();
  const today = new Date().toISOString().slice(0, 10);
  requireAssessment(db, actor, assessmentId, 'assessment.read');
  const evidenceCounts = db
    .select({
      itemId: evidence.assessmentItemId,
      // Expired evidence counts as missing.
      n: sql<number>`sum(case when ${evidence.validUntil} is null or ${evidence.validUntil} >= ${today} then 1 else 0 end)`.as('n'),
      expired: sql<number>`sum(case when ${evidence.validUntil} < ${today} then 1 else 0 end)`.as('expired'),
    })
    .from(evidence)
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .where(and(eq(assessmentItems.assessmentId, assessmentId), isNull(evidence.deletedAt), isNull(evidence.replacedAt)))
    .groupBy(evidence.assessmentItemId)
    .as('ev');
  // The current probe evidence of each item (at most one: a run replaces the earlier revision).
  const probe = db
    .select({ itemId: evidence.assessmentItemId, outcome: evidence.probeOutcome, at: evidence.createdAt })
    .from(evidence)
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .where(and(eq(assessmentItems.assessmentId, assessmentId), eq(evidence.kind, 'probe'), isNull(evidence.deletedAt), isNull(evidence.replacedAt)))
    .as('probe');
  return db
    .select({
      id: assessmentItems.id,
      catalogItemId: assessmentItems.catalogItemId,
      status: assessmentItems.status,
      excludedByProfile: assessmentItems.excludedByProfile,
      ownerId: assessmentItems.ownerId,
      dueDate: assessmentItems.dueDate,
      version: assessmentItems.version,
      catalogNote: assessmentItems.catalogNote,
      removedFromCatalogAt: assessmentItems.removedFromCatalogAt,
      justification: assessmentItems.justification,
      riskAcceptanceExpiredOn: assessmentItems.riskAcceptanceExpiredOn,
      ownerName: users.name,
      evidenceCount: sql<number>`coalesce(${evidenceCounts.n}, 0)`,
      expiredEvidenceCount: sql<number>`coalesce(${evidenceCounts.expired}, 0)`,
      signedOff: sql<boolean>`${assessmentItems.signOffId} is not null`.mapWith(Boolean),
      probeOutcome: probe.outcome,
      probedAt: probe.at,
      everSigned: sql<boolean>`exists (select 1 from ${itemReviews} where ${itemReviews.assessmentItemId} = ${assessmentItems.id} and ${itemReviews.decision} = 'approved')`.mapWith(Boolean),
    })
    .from(assessmentItems)
    .leftJoin(users, eq(users.id, assessmentItems.ownerId))
    .leftJoin(evidenceCounts, eq(evidenceCounts.itemId, assessmentItems.id))
    .leftJoin(probe, eq(probe.itemId, assessmentItems.id))
    .where(eq(assessmentItems.assessmentId, assessmentId))
    .all();
}

