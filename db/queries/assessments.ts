import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { isApplicable, type ProfileAnswers } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { itemFingerprint } from '@/lib/checklist/fingerprint';
import { percentOf } from '@/lib/checklist/readiness';
import { getDb } from '../index';
import { assessmentItems, assessments, teams, type AppKind, type Assessment } from '../schema';
import { can } from '@/lib/permissions';
import { lockOf, requireAssessment, requireTeam } from './access';
import { appendAudit } from './audit';
import { expireRiskAcceptancesIn } from './risk-acceptance';
import { supersedeOutdatedPlanEvidence } from './evidence';
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
  requireTeam(db, actor, teamId, 'team.read');
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

/** Internal to the data layer: one row per catalog item, applicability decided by the profile. */
export function insertItemsFor(tx: Executor, assessmentId: string, catalog: Catalog, profile: ProfileAnswers, itemIds: string[]): void {
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
      requireTeam(tx, actor, teamId, 'assessment.create');
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

/** An assessment with its team, as the page at /teams/:teamId/assessments/:id shows it (not-found in any other team). */
export function getAssessment(actor: Actor, assessmentId: string, inTeam?: string) {
  const db = getDb();
  const { assessment, standing } = requireAssessment(db, actor, assessmentId, 'assessment.read', inTeam);
  const team = db.select().from(teams).where(eq(teams.id, assessment.teamId)).get()!;
  const resource = { kind: 'assessment', lock: lockOf(assessment) } as const;
  // An approved launch freezes the answers; archiving stays possible.
  return { assessment, team, role: standing.role, canEdit: can(standing, 'assessment.write', resource), canArchive: can(standing, 'assessment.archive', resource) };
}

export function setAssessmentArchived(actor: Actor, assessmentId: string, archived: boolean): void {
  getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'assessment.archive');
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

