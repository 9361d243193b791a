import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { NotFoundError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, itemHistory, users } from '../schema';
import { can } from '@/lib/permissions';
import { lockOf, requireAssessment } from './access';
import { listItemEvidence } from './evidence';
import { listAttachablePlans } from './plans';
import { itemReviewState } from './reviews';
import { currentTemplates } from '@/lib/plans/templates';
import { listAssignablePeople, listRiskAcceptors } from './team-people';

/** Everything the item page shows, and which of its controls this actor may use. Not-found outside `inTeam`. */
export function getChecklistItem(actor: Actor, assessmentId: string, catalogItemId: string, inTeam?: string) {
  const db = getDb();
  const { assessment, standing } = requireAssessment(db, actor, assessmentId, 'assessment.read', inTeam);
  const item = db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get();
  if (!item) throw new NotFoundError();
  const history = db
    .select({ id: itemHistory.id, at: itemHistory.at, field: itemHistory.field, oldValue: itemHistory.oldValue, newValue: itemHistory.newValue, actorName: users.name })
    .from(itemHistory)
    .leftJoin(users, eq(users.id, itemHistory.actorId))
    .where(eq(itemHistory.assessmentItemId, item.id))
    .orderBy(desc(itemHistory.id))
    .limit(200)
    .all();
  const updatedBy = item.updatedById ? db.select({ name: users.name }).from(users).where(eq(users.id, item.updatedById)).get()?.name ?? null : null;
  const lock = lockOf(assessment);
  // Admins also see deleted evidence, so they can purge it.
  const evidenceRows = listItemEvidence(db, item.id, { includeDeleted: can(standing, 'evidence.read', { kind: 'evidence', lock, deleted: true }) });
  const canEdit = can(standing, 'assessment.write', { kind: 'assessment', lock });
  // Published plans of this team that a writer may attach, the ones whose template suggests this item first.
  const attachablePlans = canEdit
    ? listAttachablePlans(db, assessment.teamId).map((p) => ({ planId: p.planId, title: p.title, number: p.number, suggested: currentTemplates().get(p.templateId)?.suggestedFor.includes(catalogItemId) ?? false }))
    : [];
  return {
    assessment,
    role: standing.role,
    canPurgeEvidence: can(standing, 'evidence.purge', { kind: 'evidence', lock, deleted: true }),
    item,
    history,
    updatedBy,
    people: listAssignablePeople(db, assessment.teamId),
    riskAcceptors: listRiskAcceptors(db, assessment.teamId),
    evidence: evidenceRows,
    canEdit,
    review: itemReviewState(db, standing, assessment, item),
    attachablePlans,
  };
}

