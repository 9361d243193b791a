import { createHash } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { canonicalJson } from '@/lib/audit/chain';
import type { Actor } from '@/lib/auth/actor';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { completeness, emptyContent, planContentSchema, type PlanContent } from '@/lib/plans/content';
import { plainIssueMessage } from '@/lib/validation/plain-messages';
import type { PlanTemplate } from '@/lib/plans/template-schema';
import { currentTemplates } from '@/lib/plans/templates';
import { getDb } from '../index';
import { evidence, plans, planVersions, teams, users, type Plan } from '../schema';
import { can } from '@/lib/permissions';
import { enforce, requireTeam, standingOn } from './access';
import { appendAudit } from './audit';
import type { Executor } from './executor';
import { recordEvidenceIn, requireItemForEvidence, supersedeOutdatedPlanEvidence } from './evidence';

export function templateOf(plan: Pick<Plan, 'templateId'>, templates = currentTemplates()): PlanTemplate {
  const template = templates.get(plan.templateId);
  if (!template) throw new ValidationError(`The template “${plan.templateId}” is no longer shipped with Preflight.`);
  return template;
}

/** Internal to the data layer: a plan the actor may act on. `inTeam` is the team a URL names; any other is not-found. */
export function requirePlan(tx: Executor, actor: Actor, planId: string, action: 'plan.read' | 'plan.write' | 'plan.export', inTeam?: string) {
  const plan = tx.select().from(plans).where(eq(plans.id, planId)).get();
  if (!plan) throw new NotFoundError();
  const standing = standingOn(tx, actor, plan.teamId);
  enforce(actor, standing, 'plan.read', { kind: 'plan' }, { type: 'team', id: plan.teamId });
  if (inTeam !== undefined && plan.teamId !== inTeam) throw new NotFoundError();
  enforce(actor, standing, action, { kind: 'plan' }, { type: 'plan', id: plan.id });
  return { plan, standing };
}

/** What evidence and sign-offs bind to: the canonical content of a published version. */
export function planVersionHash(input: { title: string; templateId: string; templateVersion: number; content: PlanContent }): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

/** Turns zod issue paths into the form's field names, e.g. "contacts.people.0.email". */
function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[`content.${i.path.map(String).join('.')}`] ??= i.message;
  return out;
}

export function createPlan(actor: Actor, teamId: string, input: { templateId: string; title: string }): Plan {
  const template = currentTemplates().get(input.templateId);
  if (!template) throw new ValidationError('Choose a template from the list.', { templateId: 'Choose a template from the list.' });
  return getDb().transaction(
    (tx) => {
      requireTeam(tx, actor, teamId, 'plan.create');
      const plan = tx
        .insert(plans)
        .values({ id: crypto.randomUUID(), teamId, templateId: template.id, templateVersion: template.version, title: input.title, draftContent: JSON.stringify(emptyContent(template)), createdById: actor.id, updatedAt: new Date(), updatedById: actor.id })
        .returning()
        .get();
      appendAudit(tx, { action: 'plan.created', actor, target: { type: 'plan', id: plan.id }, details: { teamId, templateId: template.id, title: input.title } });
      return plan;
    },
    { behavior: 'immediate' },
  );
}

export type PlanSummary = Plan & { latestVersion: number | null; latestPublishedAt: Date | null; percent: number };

/** A team's plans with their latest version and the draft's overall completeness. */
export function listPlans(actor: Actor, teamId: string): PlanSummary[] {
  const db = getDb();
  requireTeam(db, actor, teamId, 'team.read');
  const rows = db
    .select({ plan: plans, latestVersion: sql<number | null>`max(${planVersions.number})`, latestPublishedAt: sql<number | null>`max(${planVersions.publishedAt})` })
    .from(plans)
    .leftJoin(planVersions, eq(planVersions.planId, plans.id))
    .where(eq(plans.teamId, teamId))
    .groupBy(plans.id)
    .orderBy(asc(plans.title))
    .all();
  const templates = currentTemplates();
  return rows.map((r) => {
    const template = templates.get(r.plan.templateId);
    const sections = template ? completeness(template, JSON.parse(r.plan.draftContent) as PlanContent) : [];
    const required = sections.reduce((a, s) => a + s.required, 0);
    const filled = sections.reduce((a, s) => a + s.filled, 0);
    return { ...r.plan, latestVersion: r.latestVersion, latestPublishedAt: r.latestPublishedAt ? new Date(r.latestPublishedAt) : null, percent: required ? Math.floor((filled / required) * 100) : 100 };
  });
}

export function getPlan(actor: Actor, planId: string, inTeam?: string) {
  const db = getDb();
  const { plan, standing } = requirePlan(db, actor, planId, 'plan.read', inTeam);
  const versions = db
    .select({ id: planVersions.id, number: planVersions.number, publishedAt: planVersions.publishedAt, sha256: planVersions.sha256, publishedBy: users.name })
    .from(planVersions)
    .leftJoin(users, eq(users.id, planVersions.publishedById))
    .where(eq(planVersions.planId, planId))
    .orderBy(desc(planVersions.number))
    .all();
  const updatedBy = plan.updatedById ? (db.select({ name: users.name }).from(users).where(eq(users.id, plan.updatedById)).get()?.name ?? null) : null;
  return { plan, role: standing.role, versions, updatedBy, canEdit: can(standing, 'plan.write', { kind: 'plan' }), template: templateOf(plan) };
}

export type DraftInput = { planId: string; version: number; title: string; nextReviewDate: string; lastExercisedDate: string; content: unknown };
export type SaveDraftResult =
  | { saved: true; version: number; savedAt: string }
  | { saved: false; conflict: { version: number; updatedBy: string | null; updatedAt: string | null; title: string; nextReviewDate: string; lastExercisedDate: string; content: PlanContent } };

/** Saves the draft if nobody saved it since `version`; otherwise returns theirs so the person can choose. */
export function saveDraft(actor: Actor, input: DraftInput): SaveDraftResult {
  return getDb().transaction(
    (tx) => {
      const { plan } = requirePlan(tx, actor, input.planId, 'plan.write');
      const parsed = planContentSchema(templateOf(plan), 'draft').safeParse(input.content, { error: plainIssueMessage });
      if (!parsed.success) throw new ValidationError('Some fields are over their limits; nothing was saved.', fieldErrorsOf(parsed.error.issues));
      if (plan.draftVersion !== input.version) {
        const updatedBy = plan.updatedById ? (tx.select({ name: users.name }).from(users).where(eq(users.id, plan.updatedById)).get()?.name ?? null) : null;
        return {
          saved: false,
          conflict: {
            version: plan.draftVersion,
            updatedBy,
            updatedAt: plan.updatedAt?.toISOString() ?? null,
            title: plan.title,
            nextReviewDate: plan.nextReviewDate ?? '',
            lastExercisedDate: plan.lastExercisedDate ?? '',
            content: JSON.parse(plan.draftContent) as PlanContent,
          },
        };
      }
      const now = new Date();
      const version = plan.draftVersion + 1;
      const updated = tx
        .update(plans)
        .set({ title: input.title, nextReviewDate: input.nextReviewDate || null, lastExercisedDate: input.lastExercisedDate || null, draftContent: JSON.stringify(parsed.data), draftVersion: version, updatedAt: now, updatedById: actor.id })
        .where(and(eq(plans.id, plan.id), eq(plans.draftVersion, input.version)))
        .run();
      if (updated.changes !== 1) throw new Error('plan changed inside its own transaction');
      return { saved: true, version, savedAt: now.toISOString() };
    },
    { behavior: 'immediate' },
  );
}

/**
 * Publishes the draft as it stands at `version` as the next immutable version. Evidence that cites an older
 * version becomes superseded in open assessments, which makes those items' sign-offs stale.
 */
export function publishPlan(actor: Actor, input: { planId: string; version: number }): { number: number; superseded: number } {
  return getDb().transaction(
    (tx) => {
      const { plan } = requirePlan(tx, actor, input.planId, 'plan.write');
      if (plan.draftVersion !== input.version) throw new ValidationError('The draft changed since you last saved it. Reload the page, check it, and publish again.');
      const template = templateOf(plan);
      const parsed = planContentSchema(template, 'publish').safeParse(JSON.parse(plan.draftContent), { error: plainIssueMessage });
      if (!parsed.success) throw new ValidationError('The plan is not complete yet: fill the highlighted fields before publishing.', fieldErrorsOf(parsed.error.issues));
      const previous = tx.select({ id: planVersions.id, number: planVersions.number }).from(planVersions).where(eq(planVersions.planId, plan.id)).all();
      const number = Math.max(0, ...previous.map((p) => p.number)) + 1;
      const now = new Date();
      const sha256 = planVersionHash({ title: plan.title, templateId: plan.templateId, templateVersion: template.version, content: parsed.data });
      tx.insert(planVersions)
        .values({ id: crypto.randomUUID(), planId: plan.id, number, title: plan.title, content: JSON.stringify(parsed.data), templateVersion: template.version, sha256, publishedAt: now, publishedById: actor.id })
        .run();
      // Open assessments only: an approval and its sign-offs stand until the assessment is reopened.
      const superseded = previous.length ? supersedeOutdatedPlanEvidence(tx, { planId: plan.id }, actor.id, { asAuthor: true }) : 0;
      appendAudit(tx, { action: 'plan.published', actor, target: { type: 'plan', id: plan.id }, details: { number, sha256, supersededEvidence: superseded } });
      return { number, superseded };
    },
    { behavior: 'immediate' },
  );
}

/** A published version, with the team's name for its exports. Not-found outside `inTeam` when a URL names one. */
export function getPlanVersion(actor: Actor, planId: string, number: number, inTeam?: string) {
  const db = getDb();
  const { plan, standing } = requirePlan(db, actor, planId, 'plan.read', inTeam);
  const teamName = db.select({ name: teams.name }).from(teams).where(eq(teams.id, plan.teamId)).get()?.name ?? '';
  const version = db
    .select({ version: planVersions, publishedBy: users.name })
    .from(planVersions)
    .leftJoin(users, eq(users.id, planVersions.publishedById))
    .where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)))
    .get();
  if (!version) throw new NotFoundError();
  return { plan, role: standing.role, teamName, template: templateOf(plan), version: { ...version.version, content: JSON.parse(version.version.content) as PlanContent, publishedBy: version.publishedBy } };
}

export function recordPlanExport(actor: Actor, planVersionId: string, format: string): void {
  getDb().transaction((tx) => appendAudit(tx, { action: 'plan.exported', actor, target: { type: 'plan-version', id: planVersionId }, details: { format } }), { behavior: 'immediate' });
}

/** Published plans of a team with their latest version, for attaching to an item. */
export function listAttachablePlans(tx: Executor, teamId: string) {
  return tx
    .select({ planId: plans.id, title: plans.title, templateId: plans.templateId, versionId: planVersions.id, number: planVersions.number, sha256: planVersions.sha256 })
    .from(plans)
    .innerJoin(planVersions, eq(planVersions.planId, plans.id))
    .where(and(eq(plans.teamId, teamId), eq(planVersions.number, sql`(select max(pv.number) from plan_versions pv where pv.plan_id = ${plans.id})`)))
    .orderBy(asc(plans.title))
    .all();
}

/** Attaches the plan's latest published version to an item of an assessment of the same team. */
export function attachPlanEvidence(actor: Actor, input: { assessmentId: string; catalogItemId: string; planId: string }) {
  return getDb().transaction(
    (tx) => {
      const { assessment, item } = requireItemForEvidence(tx, actor, input.assessmentId, input.catalogItemId);
      const { plan } = requirePlan(tx, actor, input.planId, 'plan.read');
      if (plan.teamId !== assessment.teamId) throw new NotFoundError();
      const latest = listAttachablePlans(tx, plan.teamId).find((p) => p.planId === plan.id);
      if (!latest) throw new ValidationError('Publish the plan before attaching it.');
      const already = tx
        .select({ id: evidence.id })
        .from(evidence)
        .where(and(eq(evidence.assessmentItemId, item.id), eq(evidence.planVersionId, latest.versionId), isNull(evidence.deletedAt), isNull(evidence.replacedAt)))
        .get();
      if (already) throw new ValidationError(`Version ${latest.number} of this plan is already attached.`);
      return recordEvidenceIn(tx, actor, {
        id: crypto.randomUUID(),
        assessmentId: input.assessmentId,
        catalogItemId: input.catalogItemId,
        validUntil: null,
        evidence: { kind: 'plan', name: `${plan.title} — version ${latest.number}`, sha256: latest.sha256, planVersionId: latest.versionId },
      });
    },
    { behavior: 'immediate' },
  );
}
