import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { emptyContent } from '@/lib/plans/content';
import { currentTemplates } from '@/lib/plans/templates';
import { completeDisasterRecoveryPlan } from '@/lib/testing/plan-fixtures';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, auditLog, evidence, type User } from '../schema';
import { createAssessment } from './assessments';
import { createFirstAdmin, issueSetupToken } from './auth';
import { saveItem } from './items';
import { attachPlanEvidence, createPlan, getPlan, listPlans, planVersionHash, publishPlan, saveDraft } from './plans';
import { digestOfItem } from './reviews';
import { signOffItem } from './sign-off';
import { addTeamMember, createTeam } from './teams';
import { createUserWithPassword } from './users';

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: null });
const dr = currentTemplates().get('disaster-recovery')!;


let db: DB;
let admin: Actor;
let ann: Actor;
let rita: Actor;
let audrey: Actor;
let otto: Actor;
let teamId: string;

beforeEach(() => {
  db = useTempDatabase();
  admin = asActor(createFirstAdmin({ token: issueSetupToken()!, email: 'admin@example.com', name: 'Ada', passwordHash: 'h', ip: null }));
  const user = (email: string, name: string) => asActor(createUserWithPassword(null, { email, name, isAdmin: false, passwordHash: 'h' }));
  ann = user('ann@example.com', 'Ann');
  rita = user('rita@example.com', 'Rita');
  audrey = user('audrey@example.com', 'Audrey');
  otto = user('otto@example.com', 'Otto');
  teamId = createTeam(admin, { name: 'Payments', description: '' }).id;
  const other = createTeam(admin, { name: 'Search', description: '' }).id;
  addTeamMember(admin, teamId, { email: ann.email, role: 'member' });
  addTeamMember(admin, teamId, { email: rita.email, role: 'reviewer' });
  addTeamMember(admin, teamId, { email: audrey.email, role: 'auditor' });
  addTeamMember(admin, other, { email: otto.email, role: 'member' });
});

const draft = (planId: string, version: number, content: unknown) => ({ planId, version, title: 'DR', nextReviewDate: '', lastExercisedDate: '', content });

describe('plans', () => {
  it('saves drafts with version checks, refuses other teams and read-only roles, and over-limit content', () => {
    const plan = createPlan(ann, teamId, { templateId: 'disaster-recovery', title: 'DR' });
    expect(() => createPlan(ann, teamId, { templateId: 'nope', title: 'X' })).toThrow(ValidationError);
    const first = saveDraft(ann, draft(plan.id, 1, completeDisasterRecoveryPlan()));
    expect(first).toMatchObject({ saved: true, version: 2 });
    const stale = saveDraft(admin, draft(plan.id, 1, emptyContent(dr)));
    expect(stale.saved).toBe(false);
    if (!stale.saved) expect(stale.conflict).toMatchObject({ version: 2, updatedBy: 'Ann' });
    expect(() => saveDraft(otto, draft(plan.id, 2, {}))).toThrow(NotFoundError);
    expect(() => saveDraft(audrey, draft(plan.id, 2, {}))).toThrow(ForbiddenError);
    let error: ValidationError | undefined;
    try {
      saveDraft(ann, draft(plan.id, 2, { restore: { steps: Array.from({ length: 1000 }, () => 'x') } }));
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error?.fieldErrors).toEqual({ 'content.restore.steps': 'At most 200 steps.' });
    expect(getPlan(audrey, plan.id).plan.draftVersion).toBe(2);
  });

  it('publishes numbered, hashed versions only when complete and current', () => {
    const plan = createPlan(ann, teamId, { templateId: 'disaster-recovery', title: 'DR' });
    expect(() => publishPlan(ann, { planId: plan.id, version: 1 })).toThrow(/not complete yet/);
    saveDraft(ann, draft(plan.id, 1, completeDisasterRecoveryPlan()));
    expect(() => publishPlan(ann, { planId: plan.id, version: 1 })).toThrow(/changed since/);
    expect(publishPlan(ann, { planId: plan.id, version: 2 })).toEqual({ number: 1, superseded: 0 });
    expect(publishPlan(ann, { planId: plan.id, version: 2 })).toEqual({ number: 2, superseded: 0 });
    const { versions } = getPlan(ann, plan.id);
    expect(versions.map((v) => v.number)).toEqual([2, 1]);
    expect(versions[0]!.sha256).toBe(planVersionHash({ title: 'DR', templateId: 'disaster-recovery', templateVersion: dr.version, content: completeDisasterRecoveryPlan() }));
    expect(listPlans(ann, teamId)[0]).toMatchObject({ latestVersion: 2, percent: 100 });
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'plan.published')).all()).toHaveLength(2);
  });

  it('a newer version supersedes the attached one and makes the sign-off stale; other teams cannot attach it', () => {
    const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, false]));
    const assessmentId = createAssessment(ann, teamId, { appName: 'App', appKind: 'forge', baseUrl: 'https://app.example.com', targetLaunchDate: '2027-01-01', profile }).id;
    const item = () => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, 'ops-disaster-recovery-and-continuity-plan'))).get()!;
    saveItem(ann, ItemUpdateSchema.parse({ assessmentId, catalogItemId: item().catalogItemId, version: item().version, status: 'met', justification: 'The plan is attached right after this save.', gapResponse: '', gapText: '', gapDueDate: '', riskAcceptedById: '', ownerId: '', dueDate: '', notes: '', criteriaMet: [] }));
    const plan = createPlan(ann, teamId, { templateId: 'disaster-recovery', title: 'DR' });
    expect(() => attachPlanEvidence(ann, { assessmentId, catalogItemId: item().catalogItemId, planId: plan.id })).toThrow(/Publish the plan/);
    saveDraft(ann, draft(plan.id, 1, completeDisasterRecoveryPlan()));
    publishPlan(ann, { planId: plan.id, version: 2 });
    const attached = attachPlanEvidence(ann, { assessmentId, catalogItemId: item().catalogItemId, planId: plan.id });
    expect(attached).toMatchObject({ kind: 'plan', name: 'DR — version 1' });
    expect(() => attachPlanEvidence(ann, { assessmentId, catalogItemId: item().catalogItemId, planId: plan.id })).toThrow(/already attached/);

    const otherTeam = createTeam(admin, { name: 'Other', description: '' }).id;
    addTeamMember(admin, otherTeam, { email: ann.email, role: 'member' });
    const foreign = createPlan(ann, otherTeam, { templateId: 'disaster-recovery', title: 'Foreign' });
    saveDraft(ann, { ...draft(foreign.id, 1, completeDisasterRecoveryPlan()), title: 'Foreign' });
    publishPlan(ann, { planId: foreign.id, version: 2 });
    expect(() => attachPlanEvidence(ann, { assessmentId, catalogItemId: item().catalogItemId, planId: foreign.id })).toThrow(NotFoundError);

    signOffItem(rita, { assessmentId, catalogItemId: item().catalogItemId, digest: digestOfItem(db, item()), comment: '' });
    expect(item().signOffId).not.toBeNull();
    expect(publishPlan(ann, { planId: plan.id, version: 2 })).toEqual({ number: 2, superseded: 1 });
    expect(db.select().from(evidence).where(eq(evidence.id, attached.id)).get()!.supersededAt).not.toBeNull();
    expect(item().signOffId).toBeNull();
  });
});
