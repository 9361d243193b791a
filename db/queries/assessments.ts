import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { isApplicable, notApplicableReason, type ProfileAnswers } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { itemFingerprint, type Fingerprint } from '@/lib/checklist/fingerprint';
import { changesApplicability, planApplicabilityChange, previewFingerprint, type ApplicabilityPlan, type ItemRef } from '@/lib/checklist/profile-change';
import { percentOf } from '@/lib/checklist/readiness';
import { statusLabels } from '@/lib/checklist/statuses';
import { describeChange, diffAgainstCatalog, type UpgradeDiff } from '@/lib/checklist/upgrade';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, itemHistory, itemReviews, teamMemberships, teams, users, type AppKind, type Assessment, type AssessmentItem } from '../schema';
import { requireAssessment, requireTeamAccess } from './access';
import { appendAudit } from './audit';
import { expireRiskAcceptancesIn } from './risk-acceptance';
import { listItemEvidence, supersedeOutdatedPlanEvidence } from './evidence';
import { listAttachablePlans } from './plans';
import { digestOfItem, itemReviewState, recordContribution, restorableSignOff, syncReviewState } from './reviews';
import { currentTemplates } from '@/lib/plans/templates';
import type { Executor } from './executor';

export type AssessmentInput = { appName: string; appKind: AppKind; baseUrl: string; targetLaunchDate: string; profile: ProfileAnswers };

/** connectApp follows from the kind of app, so it is never asked twice. */
export function effectiveProfile(appKind: AppKind, answers: ProfileAnswers): ProfileAnswers {
  return { ...answers, connectApp: appKind === 'connect' };
}

export function parseProfile(a: Pick<Assessment, 'profile' | 'appKind'>): ProfileAnswers {
  return effectiveProfile(a.appKind, JSON.parse(a.profile) as ProfileAnswers);
}

export type AssessmentSummary = Assessment & { teamName: string; applicable: number; done: number; percent: number };

const applicableSql = sql<number>`sum(case when ${assessmentItems.excludedByProfile} = 0 and ${assessmentItems.removedFromCatalogAt} is null then 1 else 0 end)`;
const doneSql = sql<number>`sum(case when ${assessmentItems.excludedByProfile} = 0 and ${assessmentItems.removedFromCatalogAt} is null and ${assessmentItems.status} in ('met', 'not_applicable') then 1 else 0 end)`;

/** A team's assessments with readiness computed in one aggregate query. */
export function listAssessments(actor: Actor, teamId: string, options: { includeArchived?: boolean } = {}): AssessmentSummary[] {
  const db = getDb();
  requireTeamAccess(db, actor, teamId, 'read');
  const rows = db
    .select({ assessment: assessments, teamName: teams.name, applicable: applicableSql, done: doneSql })
    .from(assessments)
    .innerJoin(teams, eq(teams.id, assessments.teamId))
    .leftJoin(assessmentItems, eq(assessmentItems.assessmentId, assessments.id))
    .where(and(eq(assessments.teamId, teamId), options.includeArchived ? undefined : eq(assessments.state, 'active')))
    .groupBy(assessments.id)
    .orderBy(asc(assessments.targetLaunchDate), asc(assessments.appName))
    .all();
  return rows.map((r) => ({ ...r.assessment, teamName: r.teamName, applicable: r.applicable ?? 0, done: r.done ?? 0, percent: percentOf(r.done ?? 0, r.applicable ?? 0) }));
}

function insertItemsFor(tx: Executor, assessmentId: string, catalog: Catalog, profile: ProfileAnswers, itemIds: string[]): void {
  for (const id of itemIds) {
    const item = catalog.itemsById.get(id)!;
    tx.insert(assessmentItems)
      .values({
        id: crypto.randomUUID(),
        assessmentId,
        catalogItemId: item.id,
        catalogFingerprint: JSON.stringify(itemFingerprint(item)),
        excludedByProfile: !isApplicable(item, profile),
      })
      .run();
  }
}

export function createAssessment(actor: Actor, teamId: string, input: AssessmentInput, catalog: Catalog = currentCatalog()): Assessment {
  return getDb().transaction(
    (tx) => {
      requireTeamAccess(tx, actor, teamId, 'write');
      const profile = effectiveProfile(input.appKind, input.profile);
      const assessment = tx
        .insert(assessments)
        .values({
          id: crypto.randomUUID(),
          teamId,
          appName: input.appName,
          appKind: input.appKind,
          baseUrl: input.baseUrl,
          targetLaunchDate: input.targetLaunchDate,
          catalogVersion: catalog.version,
          profile: JSON.stringify(input.profile),
          createdById: actor.id,
        })
        .returning()
        .get();
      insertItemsFor(tx, assessment.id, catalog, profile, catalog.items.map((i) => i.id));
      appendAudit(tx, { action: 'assessment.created', actor, target: { type: 'assessment', id: assessment.id }, details: { teamId, appName: input.appName, catalogVersion: catalog.version } });
      return assessment;
    },
    { behavior: 'immediate' },
  );
}

export function getAssessment(actor: Actor, assessmentId: string) {
  const db = getDb();
  const { assessment, role } = requireAssessment(db, actor, assessmentId, 'read');
  const team = db.select().from(teams).where(eq(teams.id, assessment.teamId)).get()!;
  const isWriter = role === 'member' || role === 'admin' || actor.isAdmin;
  // An approved launch freezes the answers; archiving stays possible.
  return { assessment, team, role, canEdit: isWriter && !assessment.launchApprovedAt, canArchive: isWriter };
}

type ProfileChangePreview = ApplicabilityPlan & {
  /** Items that start applying again in the very state a reviewer signed: their sign-off comes back. */
  restoredSignOffs: (ItemRef & { reviewerName: string })[];
  changesApplicability: boolean;
  fingerprint: string;
};

/** What saving `input` would do to the items, computed inside the caller's transaction. */
function computeProfileChange(tx: Executor, actor: Actor, assessment: Assessment, input: AssessmentInput, catalog: Catalog) {
  const items = tx
    .select({ item: assessmentItems, reviewerName: users.name })
    .from(assessmentItems)
    .leftJoin(itemReviews, eq(itemReviews.id, assessmentItems.signOffId))
    .leftJoin(users, eq(users.id, itemReviews.reviewerId))
    .where(eq(assessmentItems.assessmentId, assessment.id))
    .all();
  const plan = planApplicabilityChange(
    items.map(({ item, reviewerName }) => ({
      catalogItemId: item.catalogItemId,
      excludedByProfile: item.excludedByProfile,
      removedFromCatalog: item.removedFromCatalogAt !== null,
      signOff: item.signOffId ? { reviewId: item.signOffId, reviewerName } : null,
    })),
    catalog,
    effectiveProfile(input.appKind, input.profile),
  );
  const byCatalogId = new Map(items.map(({ item }) => [item.catalogItemId, item]));
  // The save records the actor as having changed applicability before it re-checks the sign-off, so count them here too.
  const pending = [{ userId: actor.id, what: 'applicability' }];
  const restoredSignOffs = plan.startApplying.flatMap((ref) => {
    const applying = { ...byCatalogId.get(ref.catalogItemId)!, excludedByProfile: false };
    const restored = restorableSignOff(tx, applying, digestOfItem(tx, applying), pending);
    return restored ? [{ ...ref, reviewId: restored.reviewId, reviewerName: restored.reviewerName }] : [];
  });
  const fingerprint = previewFingerprint({ assessmentUpdatedAt: (assessment.updatedAt ?? assessment.createdAt).getTime(), plan, restored: restoredSignOffs });
  return { plan, restoredSignOffs, byCatalogId, fingerprint };
}

/**
 * What saving these settings would do, for the person to confirm first: the items that stop and start applying,
 * the sign-offs that go stale and those that come back. Only someone who may save may ask.
 */
export function previewAssessmentChange(actor: Actor, assessmentId: string, input: AssessmentInput, catalog: Catalog = currentCatalog()): ProfileChangePreview {
  const db = getDb();
  const { assessment } = requireAssessment(db, actor, assessmentId, 'write');
  const { plan, restoredSignOffs, fingerprint } = computeProfileChange(db, actor, assessment, input, catalog);
  return { ...plan, restoredSignOffs: restoredSignOffs.map(({ catalogItemId, title, reviewerName }) => ({ catalogItemId, title, reviewerName })), changesApplicability: changesApplicability(plan), fingerprint };
}

export const OUTDATED_PREVIEW_MESSAGE = 'The assessment changed since you saw what saving would do, so nothing was saved. Check the new preview and confirm again.';

/**
 * Changes app details and profile answers; items move in and out of "not applicable by profile" to match.
 * With `expectedFingerprint` (the server action always sends the one its preview showed), the save is refused
 * when the preview no longer describes what would happen: someone changed the assessment, or an item it lists was
 * signed off or moved, between preview and confirmation. A fingerprint of the outcome rather than a bare
 * `updatedAt` also catches sign-offs given meanwhile, which do not touch the assessment row, and it raises no
 * conflict for changes that leave the outcome alone.
 */
export function updateAssessment(
  actor: Actor,
  assessmentId: string,
  input: AssessmentInput,
  catalog: Catalog = currentCatalog(),
  options: { expectedFingerprint?: string } = {},
): { included: number; excluded: number; restored: number } {
  return getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'write');
      const profile = effectiveProfile(input.appKind, input.profile);
      const { plan, byCatalogId, fingerprint } = computeProfileChange(tx, actor, assessment, input, catalog);
      if (options.expectedFingerprint !== undefined && options.expectedFingerprint !== fingerprint) throw new ConflictError(OUTDATED_PREVIEW_MESSAGE);
      tx.update(assessments)
        .set({ appName: input.appName, appKind: input.appKind, baseUrl: input.baseUrl, targetLaunchDate: input.targetLaunchDate, profile: JSON.stringify(input.profile), updatedAt: new Date() })
        .where(eq(assessments.id, assessmentId))
        .run();
      const now = new Date();
      let restored = 0;
      const moves = [...plan.stopApplying.map((ref) => ({ ref, exclude: true })), ...plan.startApplying.map((ref) => ({ ref, exclude: false }))];
      for (const { ref, exclude } of moves) {
        const item = byCatalogId.get(ref.catalogItemId)!;
        const catalogItem = catalog.itemsById.get(item.catalogItemId)!;
        tx.update(assessmentItems).set({ excludedByProfile: exclude, version: item.version + 1, updatedAt: now, updatedById: actor.id }).where(eq(assessmentItems.id, item.id)).run();
        tx.insert(itemHistory)
          .values({
            assessmentItemId: item.id,
            assessmentId,
            at: now,
            actorId: actor.id,
            field: 'applicability',
            oldValue: item.excludedByProfile ? 'Not applicable (profile)' : 'Applies',
            newValue: exclude ? `Not applicable (profile): ${notApplicableReason(catalogItem, profile, catalog.profileQuestions)}` : 'Applies',
          })
          .run();
        recordContribution(tx, item.id, actor.id, 'applicability');
        syncReviewState(tx, item.id, actor.id);
        if (!exclude && tx.select({ signOffId: assessmentItems.signOffId }).from(assessmentItems).where(eq(assessmentItems.id, item.id)).get()?.signOffId) restored += 1;
      }
      const included = plan.startApplying.length;
      const excluded = plan.stopApplying.length;
      appendAudit(tx, {
        action: 'assessment.updated',
        actor,
        target: { type: 'assessment', id: assessmentId },
        details: { appName: input.appName, profileChanged: assessment.profile !== JSON.stringify(input.profile), included, excluded, ...(restored ? { restoredSignOffs: restored } : {}) },
      });
      return { included, excluded, restored };
    },
    { behavior: 'immediate' },
  );
}

export function setAssessmentArchived(actor: Actor, assessmentId: string, archived: boolean): void {
  getDb().transaction(
    (tx) => {
      const assessment = tx.select().from(assessments).where(eq(assessments.id, assessmentId)).get();
      if (!assessment) throw new NotFoundError();
      requireTeamAccess(tx, actor, assessment.teamId, 'write');
      tx.update(assessments).set({ state: archived ? 'archived' : 'active', updatedAt: new Date() }).where(eq(assessments.id, assessmentId)).run();
      // Restored: plans published while it was archived now apply (not authorship, so four eyes do not count it).
      if (!archived) {
        supersedeOutdatedPlanEvidence(tx, { assessmentId }, actor.id, { asAuthor: false });
        expireRiskAcceptancesIn(tx, new Date().toISOString().slice(0, 10), { assessmentId });
      }
      appendAudit(tx, { action: archived ? 'assessment.archived' : 'assessment.restored', actor, target: { type: 'assessment', id: assessmentId }, details: { appName: assessment.appName } });
    },
    { behavior: 'immediate' },
  );
}

export type ChecklistRow = Pick<
  AssessmentItem,
  'id' | 'catalogItemId' | 'status' | 'excludedByProfile' | 'ownerId' | 'dueDate' | 'version' | 'catalogNote' | 'removedFromCatalogAt' | 'justification' | 'riskAcceptanceExpiredOn'
> & { ownerName: string | null; evidenceCount: number; expiredEvidenceCount: number; signedOff: boolean; everSigned: boolean };

/** Every item row of an assessment with owner names and evidence counts: one query, no per-item lookups. */
export function listChecklistRows(actor: Actor, assessmentId: string): ChecklistRow[] {
  const db = getDb();
  const today = new Date().toISOString().slice(0, 10);
  requireAssessment(db, actor, assessmentId, 'read');
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
      everSigned: sql<boolean>`exists (select 1 from ${itemReviews} where ${itemReviews.assessmentItemId} = ${assessmentItems.id} and ${itemReviews.decision} = 'approved')`.mapWith(Boolean),
    })
    .from(assessmentItems)
    .leftJoin(users, eq(users.id, assessmentItems.ownerId))
    .leftJoin(evidenceCounts, eq(evidenceCounts.itemId, assessmentItems.id))
    .where(eq(assessmentItems.assessmentId, assessmentId))
    .all();
}

export type TeamPerson = { id: string; name: string; role: string };

/** People an item can be assigned to: the team's members and reviewers (auditors only read). */
export function listAssignablePeople(tx: Executor, teamId: string): TeamPerson[] {
  return tx
    .select({ id: users.id, name: users.name, role: teamMemberships.role })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(and(eq(teamMemberships.teamId, teamId), inArray(teamMemberships.role, ['member', 'reviewer']), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all();
}

/** Who may accept a risk on this team's behalf: its members and reviewers, and the instance admins. */
export function listRiskAcceptors(tx: Executor, teamId: string): TeamPerson[] {
  const team = listAssignablePeople(tx, teamId);
  const admins = tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all()
    .filter((a) => !team.some((p) => p.id === a.id))
    .map((a) => ({ ...a, role: 'admin' }));
  return [...team, ...admins];
}

export function getChecklistItem(actor: Actor, assessmentId: string, catalogItemId: string) {
  const db = getDb();
  const { assessment, role } = requireAssessment(db, actor, assessmentId, 'read');
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
  // Admins also see deleted evidence, so they can purge it.
  const evidenceRows = listItemEvidence(db, item.id, { includeDeleted: actor.isAdmin });
  const canEdit = (role === 'member' || role === 'admin') && assessment.state === 'active' && !assessment.launchApprovedAt;
  // Published plans of this team that a writer may attach, the ones whose template suggests this item first.
  const attachablePlans = canEdit
    ? listAttachablePlans(db, assessment.teamId).map((p) => ({ planId: p.planId, title: p.title, number: p.number, suggested: currentTemplates().get(p.templateId)?.suggestedFor.includes(catalogItemId) ?? false }))
    : [];
  return {
    assessment,
    role,
    item,
    history,
    updatedBy,
    people: listAssignablePeople(db, assessment.teamId),
    riskAcceptors: listRiskAcceptors(db, assessment.teamId),
    evidence: evidenceRows,
    canEdit,
    review: itemReviewState(db, actor, role, assessment, item),
    attachablePlans,
  };
}

// ---- catalog upgrades ----

function pinnedItems(tx: Executor, assessmentId: string) {
  return tx
    .select({ id: assessmentItems.id, catalogItemId: assessmentItems.catalogItemId, fingerprint: assessmentItems.catalogFingerprint, removed: assessmentItems.removedFromCatalogAt, status: assessmentItems.status, version: assessmentItems.version })
    .from(assessmentItems)
    .where(eq(assessmentItems.assessmentId, assessmentId))
    .all();
}

export function previewCatalogUpgrade(actor: Actor, assessmentId: string, catalog: Catalog = currentCatalog()): { from: string; to: string; diff: UpgradeDiff } {
  const db = getDb();
  const { assessment } = requireAssessment(db, actor, assessmentId, 'read');
  const pinned = pinnedItems(db, assessmentId).map((p) => ({ catalogItemId: p.catalogItemId, fingerprint: JSON.parse(p.fingerprint) as Fingerprint, removed: p.removed !== null }));
  return { from: assessment.catalogVersion, to: catalog.version, diff: diffAgainstCatalog(pinned, catalog) };
}

/**
 * Moves an assessment to `catalog`: new items are added, answers to unchanged items carry over, changed items
 * that had an answer go back to "in progress" with a note, removed items are kept (marked) for the history.
 */
export function applyCatalogUpgrade(actor: Actor, assessmentId: string, catalog: Catalog = currentCatalog()): UpgradeDiff {
  return getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'write');
      if (assessment.catalogVersion === catalog.version) throw new ValidationError(`This assessment already follows catalog ${catalog.version}.`);
      const rows = pinnedItems(tx, assessmentId);
      const diff = diffAgainstCatalog(rows.map((p) => ({ catalogItemId: p.catalogItemId, fingerprint: JSON.parse(p.fingerprint) as Fingerprint, removed: p.removed !== null })), catalog);
      const byCatalogId = new Map(rows.map((r) => [r.catalogItemId, r]));
      const now = new Date();
      const history = (itemId: string, field: string, oldValue: string | null, newValue: string | null) =>
        tx.insert(itemHistory).values({ assessmentItemId: itemId, assessmentId, at: now, actorId: actor.id, field, oldValue, newValue }).run();
      const clearSignOff = (itemId: string, why: string) => {
        const signed = tx.update(assessmentItems).set({ signOffId: null }).where(and(eq(assessmentItems.id, itemId), isNotNull(assessmentItems.signOffId))).run();
        if (signed.changes) history(itemId, 'sign-off', 'Signed off', `Stale: ${why}`);
      };

      // An item removed in an earlier version and back in this one is revived rather than duplicated.
      const revived = diff.added.filter((id) => byCatalogId.has(id));
      const fresh = diff.added.filter((id) => !byCatalogId.has(id));
      insertItemsFor(tx, assessmentId, catalog, parseProfile(assessment), fresh);
      const profile = parseProfile(assessment);
      // A changed `appliesWhen` must move the item in or out of "not applicable by profile" like a profile edit does.
      const excluded = (id: string) => !isApplicable(catalog.itemsById.get(id)!, profile);
      for (const id of revived) {
        const row = byCatalogId.get(id)!;
        tx.update(assessmentItems)
          .set({ removedFromCatalogAt: null, excludedByProfile: excluded(id), catalogFingerprint: JSON.stringify(itemFingerprint(catalog.itemsById.get(id)!)), version: row.version + 1, updatedAt: now })
          .where(eq(assessmentItems.id, row.id))
          .run();
        history(row.id, 'catalog', `Removed`, `Back in catalog ${catalog.version}`);
        // A sign-off from before the removal vouched for wording that may since have changed: it starts unsigned.
        clearSignOff(row.id, `the item is back in catalog ${catalog.version}`);
        syncReviewState(tx, row.id, actor.id);
      }
      for (const change of diff.changed) {
        const row = byCatalogId.get(change.id)!;
        const note = describeChange(catalog.version, change.fields);
        const reopen = row.status !== 'not_started' && row.status !== 'in_progress';
        tx.update(assessmentItems)
          .set({
            catalogFingerprint: JSON.stringify(itemFingerprint(catalog.itemsById.get(change.id)!)),
            catalogNote: note,
            excludedByProfile: excluded(change.id),
            ...(reopen ? { status: 'in_progress' as const, statusSetById: actor.id } : {}),
            version: row.version + 1,
            updatedAt: now,
          })
          .where(eq(assessmentItems.id, row.id))
          .run();
        history(row.id, 'catalog', assessment.catalogVersion, note);
        if (reopen) history(row.id, 'status', statusLabels[row.status], statusLabels.in_progress);
        // The wording a reviewer signed against changed, so the sign-off no longer covers the item.
        clearSignOff(row.id, `catalog ${catalog.version} changed the item`);
        syncReviewState(tx, row.id, actor.id);
      }
      for (const id of diff.removed) {
        const row = byCatalogId.get(id)!;
        tx.update(assessmentItems).set({ removedFromCatalogAt: now, version: row.version + 1, updatedAt: now }).where(eq(assessmentItems.id, row.id)).run();
        history(row.id, 'catalog', assessment.catalogVersion, `Removed in catalog ${catalog.version}; kept here for the record.`);
      }
      tx.update(assessments).set({ catalogVersion: catalog.version, updatedAt: now }).where(eq(assessments.id, assessmentId)).run();
      appendAudit(tx, {
        action: 'assessment.catalog-upgraded',
        actor,
        target: { type: 'assessment', id: assessmentId },
        details: { from: assessment.catalogVersion, to: catalog.version, added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length },
      });
      return diff;
    },
    { behavior: 'immediate' },
  );
}
