// The data-layer functions that take what a person sent, fed the bad-input corpus through the same parse step their
// server action uses (app/**/actions.ts: parseInput(schema) → query). Each attempt either succeeds and stores
// exactly what was parsed, or throws an AppError with readable messages and leaves the domain tables untouched.
// Never a TypeError or SqliteError, never a half-write. One real SQLite file for the whole run.
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseInput } from '@/app/_server/action-result';
import { AcknowledgeAlertSchema } from '@/app/(app)/admin/alerts/schemas';
import { CreateTeamSchema } from '@/app/(app)/admin/teams/schemas';
import { CreateUserSchema, SetAdminSchema, SetDisabledSchema, UserIdSchema } from '@/app/(app)/admin/users/schemas';
import { AssessmentTargetSchema, AttachPlanSchema, EvidenceIdSchema, LinkEvidenceSchema, TextEvidenceSchema } from '@/app/(app)/teams/[teamId]/assessments/[assessmentId]/evidence-schemas';
import { ApproveLaunchSchema, ReopenSchema, RequestChangesSchema, SignOffSchema, WithdrawSignOffSchema } from '@/app/(app)/teams/[teamId]/assessments/[assessmentId]/review-schemas';
import { ArchiveSchema, assessmentFormSchema, ConfirmedPreviewSchema, DERIVED_QUESTIONS, SettingsTargetSchema } from '@/app/(app)/teams/[teamId]/assessments/schemas';
import { CreatePlanSchema, PublishPlanSchema, SaveDraftSchema } from '@/app/(app)/teams/[teamId]/plans/schemas';
import { AddMemberSchema, ChangeRoleSchema, CreateMemberSchema, RemoveMemberSchema } from '@/app/(app)/teams/[teamId]/schemas';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { AppError } from '@/lib/errors';
import { planContentSchema } from '@/lib/plans/content';
import { currentTemplates } from '@/lib/plans/templates';
import { applyMutation, HOSTILE_JSON_VALUES, mutationArb, namedMutations, unreadableMessage, type Mutation } from '@/lib/testing/bad-input-corpus';
import { MET_REASON } from '@/lib/testing/met-reason';
import { completeDisasterRecoveryPlan } from '@/lib/testing/plan-fixtures';
import { changedTables, domainFingerprint, domainWriteCounter, type Fingerprint } from '@/db/testing/fingerprint';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, assessments, evidence, itemReviews, launchDecisions, plans, teamMemberships, teams, users } from '../schema';
import { acknowledgeAlert } from './alert-admin';
import { previewAssessmentChange, updateAssessment } from './assessment-profile';
import { createAssessment, setAssessmentArchived, type AssessmentInput } from './assessments';
import { normalizeEmail } from './auth';
import { applyCatalogUpgrade } from './catalog-upgrade';
import { deleteEvidence, purgeEvidence, recordEvidence, restoreDeletedEvidence } from './evidence';
import { saveItem } from './items';
import { approveLaunch, reopenAssessment } from './launch';
import { attachPlanEvidence, createPlan, publishPlan, saveDraft } from './plans';
import { digestOfItem } from './reviews';
import { requestChanges, signOffItem, withdrawSignOff } from './sign-off';
import { addTeamMember, changeTeamRole, createTeam, removeTeamMember } from './teams';
import { createUser, createUserWithPassword, issuePasswordResetLink, setUserAdmin, setUserDisabled } from './users';

const FAST_CHECK_RUNS = 40;
const catalog = currentCatalog();
const dr = currentTemplates().get('disaster-recovery')!;
// As the assessment actions ask them (app/(app)/teams/[teamId]/assessments/actions.ts).
const askedQuestions = catalog.profileQuestions.map((q) => q.id).filter((id) => !DERIVED_QUESTIONS.includes(id));
const assessmentForm = assessmentFormSchema(askedQuestions);
type AssessmentForm = z.output<typeof assessmentForm>;
const toInput = (v: AssessmentForm): AssessmentInput => ({ appName: v.appName, appKind: v.appKind, baseUrl: v.baseUrl, targetLaunchDate: v.targetLaunchDate, profile: Object.fromEntries(Object.entries(v.profile).map(([k, a]) => [k, a === 'yes'])) });
const formValues = (teamId: string) => ({ teamId, appName: 'Billing', appKind: 'connect', baseUrl: 'https://billing.example.com', targetLaunchDate: '2027-06-01', profile: Object.fromEntries(askedQuestions.map((q) => [q, 'no'])) });

let db: DB;
let admin: Actor;
let mia: Actor;
let rex: Actor;
let teamId: string;
let workAssessment: string;
let settingsAssessment: string;
let launchAssessment: string;
let archiveAssessment: string;
let draftPlan: string;
let publishedPlan: string;
let victimId: string;
let applicable: string[];
let serial = 0;
const next = () => (serial += 1);

// ---- the world every target works on ----

beforeAll(() => {
  db = useTempDatabase();
  // Thousands of tiny commits: durability is not what this file tests, and fsync per commit would dominate.
  db.$client.pragma('synchronous = OFF');
  writeCounts = domainWriteCounter(db.$client);
  const cast = seedTeams({ Mia: { team: 'Payments', role: 'member' }, Rex: { team: 'Payments', role: 'reviewer' }, Vic: { team: 'Payments', role: 'member' } });
  ({ admin, teamId } = cast);
  ({ Mia: mia, Rex: rex } = cast.people);
  victimId = cast.people.Vic.id;
  const make = (name: string) => createAssessment(mia, teamId, { ...toInput(assessmentForm.parse(formValues(teamId))), appName: name }).id;
  workAssessment = make('Work');
  settingsAssessment = make('Settings');
  launchAssessment = make('Launch');
  archiveAssessment = make('Archive');
  applicable = db.select({ id: assessmentItems.catalogItemId }).from(assessmentItems).where(and(eq(assessmentItems.assessmentId, workAssessment), eq(assessmentItems.excludedByProfile, false))).all().map((r) => r.id);
  draftPlan = createPlan(mia, teamId, { templateId: 'disaster-recovery', title: 'Draft plan' }).id;
  publishedPlan = createPlan(mia, teamId, { templateId: 'disaster-recovery', title: 'Published plan' }).id;
  saveDraft(mia, { planId: publishedPlan, version: 1, title: 'Published plan', nextReviewDate: '', lastExercisedDate: '', content: completeDisasterRecoveryPlan() });
  publishPlan(mia, { planId: publishedPlan, version: 2 });
});

const itemRow = (assessmentId: string, catalogItemId: string) => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get()!;
const planRow = (planId: string) => db.select().from(plans).where(eq(plans.id, planId)).get()!;

/** Mia marks an item met (with a reason, no evidence), so Rex may review it. */
function markMet(assessmentId: string, catalogItemId: string) {
  const r = itemRow(assessmentId, catalogItemId);
  saveItem(mia, ItemUpdateSchema.parse({ assessmentId, catalogItemId, version: r.version, status: 'met', justification: MET_REASON, gapResponse: '', gapText: '', gapDueDate: '', ownerId: '', dueDate: '', notes: r.notes, criteriaMet: [] }));
}

/** An item of the review pool waiting for review: met and not signed off; a fresh assessment when all are used. */
let reviewAssessment: string | undefined;
function reviewableItem(): { assessmentId: string; catalogItemId: string } {
  for (;;) {
    reviewAssessment ??= createAssessment(mia, teamId, { ...toInput(assessmentForm.parse(formValues(teamId))), appName: `Review ${next()}` }).id;
    const rows = db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, reviewAssessment), eq(assessmentItems.excludedByProfile, false), isNull(assessmentItems.signOffId))).all();
    const waiting = rows.find((r) => r.status === 'met');
    if (waiting) return { assessmentId: reviewAssessment, catalogItemId: waiting.catalogItemId };
    const fresh = rows.find((r) => r.status !== 'met');
    if (fresh) {
      markMet(reviewAssessment, fresh.catalogItemId);
      continue;
    }
    reviewAssessment = undefined;
  }
}

function signedItem(): { assessmentId: string; catalogItemId: string } {
  const found = db.select().from(assessmentItems).innerJoin(itemReviews, eq(itemReviews.id, assessmentItems.signOffId)).where(and(isNotNull(assessmentItems.signOffId), eq(itemReviews.reviewerId, rex.id))).get();
  if (found) return { assessmentId: found.assessment_items.assessmentId, catalogItemId: found.assessment_items.catalogItemId };
  const item = reviewableItem();
  signOffItem(rex, { ...item, digest: digestOfItem(db, itemRow(item.assessmentId, item.catalogItemId)), comment: '' });
  return item;
}

function textEvidence(): string {
  return recordEvidence(mia, { id: crypto.randomUUID(), assessmentId: workAssessment, catalogItemId: applicable[3]!, validUntil: null, evidence: { kind: 'text', name: 'To delete', body: 'x', sha256: 'ab'.repeat(32), sizeBytes: 1 } }).id;
}

const evidenceRow = (id: string) => db.select().from(evidence).where(eq(evidence.id, id)).get()!;
// Reused until an attempt consumes them, so most attempts set nothing up.
let liveEvidence: string | undefined;
let deletedEvidence: string | undefined;
function liveTextEvidence(): string {
  if (!liveEvidence || evidenceRow(liveEvidence).deletedAt) liveEvidence = textEvidence();
  return liveEvidence;
}
function deletedTextEvidence(): string {
  const row = deletedEvidence ? evidenceRow(deletedEvidence) : undefined;
  if (!row || !row.deletedAt || row.purgedAt) {
    deletedEvidence = textEvidence();
    deleteEvidence(mia, deletedEvidence);
  }
  return deletedEvidence!;
}

let joiner: { id: string; email: string } | undefined;
const isMember = (userId: string) => !!db.select().from(teamMemberships).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId))).get();
function outsiderToAdd(): string {
  if (!joiner || isMember(joiner.id)) joiner = createUserWithPassword(null, { email: `join-${next()}@example.com`, name: 'Joiner', isAdmin: false, passwordHash: 'h' });
  return joiner.email;
}
let leaver: string | undefined;
function memberToRemove(): string {
  if (!leaver || !isMember(leaver)) {
    leaver = createUserWithPassword(null, { email: `leaver-${next()}@example.com`, name: 'Leaver', isAdmin: false, passwordHash: 'h' }).id;
    addTeamMember(admin, teamId, { email: `leaver-${serial}@example.com`, role: 'member' });
  }
  return leaver;
}

// ---- targets: the action's schema, a valid input for the current state, and what the action does with it ----

type Target = {
  name: string;
  schema: z.ZodType;
  /** A valid input as of now; may set state up first (that happens before the fingerprint is taken). */
  base: () => Record<string, unknown>;
  call: (v: never) => unknown;
  /** After a success: what is wrong with what was stored, or null. */
  verify?: (v: never, result: never) => string | null;
};

// SQLite keeps text as UTF-8, where a lone surrogate has no encoding: it comes back as U+FFFD, as from a browser.
const wellFormed = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null, (_, x: unknown) => (typeof x === 'string' ? (x as string & { toWellFormed(): string }).toWellFormed() : x)));
const same = (label: string, stored: unknown, sent: unknown) => (JSON.stringify(wellFormed(stored)) === JSON.stringify(wellFormed(sent)) ? null : `${label} stored as ${JSON.stringify(stored)?.slice(0, 80)}, sent ${JSON.stringify(sent)?.slice(0, 80)}`);
const first = (...problems: (string | null)[]) => problems.find((p) => p !== null) ?? null;

function target<S extends z.ZodType, R>(t: { name: string; schema: S; base: () => Record<string, unknown>; call: (v: z.output<S>) => R; verify?: (v: z.output<S>, result: R) => string | null }): Target {
  return t as unknown as Target;
}

const targets: Target[] = [
  target({
    name: 'createTeam',
    schema: CreateTeamSchema,
    base: () => ({ name: `Team ${next()}`, description: '' }),
    call: (v) => createTeam(admin, v),
    verify: (v, team) => {
      const row = db.select().from(teams).where(eq(teams.id, team.id)).get()!;
      return first(same('name', row.name, v.name), same('description', row.description, v.description));
    },
  }),
  target({
    name: 'createUser',
    schema: CreateUserSchema,
    base: () => ({ name: 'New Person', email: `new-${next()}@example.com`, isAdmin: false, teamId, role: 'member' }),
    call: ({ teamId: team, role, ...values }) => createUser(admin, { ...values, team: team ? { teamId: team, role } : undefined }),
    verify: (v, { user }) => {
      const row = db.select().from(users).where(eq(users.id, user.id)).get()!;
      const member = db.select().from(teamMemberships).where(eq(teamMemberships.userId, user.id)).get();
      return first(same('email', row.email, normalizeEmail(v.email)), same('name', row.name, v.name), same('isAdmin', row.isAdmin, v.isAdmin), same('team', member?.teamId ?? '', v.teamId));
    },
  }),
  target({
    name: 'createMember (createUser into a team)',
    schema: CreateMemberSchema,
    base: () => ({ teamId, email: `member-${next()}@example.com`, name: 'New Member', role: 'reviewer' }),
    call: (v) => createUser(mia, { email: v.email, name: v.name, isAdmin: false, team: { teamId: v.teamId, role: v.role } }),
  }),
  target({
    name: 'addTeamMember',
    schema: AddMemberSchema,
    base: () => ({ teamId, email: outsiderToAdd(), role: 'member' }),
    call: (v) => addTeamMember(admin, v.teamId, { email: v.email, role: v.role }),
    verify: (v, member) => same('role', db.select().from(teamMemberships).where(and(eq(teamMemberships.teamId, v.teamId), eq(teamMemberships.userId, member.userId))).get()?.role, v.role),
  }),
  target({
    name: 'changeTeamRole',
    schema: ChangeRoleSchema,
    base: () => ({ teamId, userId: victimId, role: 'auditor' }),
    call: (v) => changeTeamRole(admin, v.teamId, v.userId, v.role),
  }),
  target({
    name: 'removeTeamMember',
    schema: RemoveMemberSchema,
    base: () => ({ teamId, userId: memberToRemove() }),
    call: (v) => removeTeamMember(admin, v.teamId, v.userId),
  }),
  target({ name: 'issuePasswordResetLink', schema: UserIdSchema, base: () => ({ userId: victimId }), call: (v) => issuePasswordResetLink(admin, v.userId) }),
  target({ name: 'setUserDisabled', schema: SetDisabledSchema, base: () => ({ userId: victimId, disabled: false }), call: (v) => setUserDisabled(admin, v.userId, v.disabled) }),
  target({ name: 'setUserAdmin', schema: SetAdminSchema, base: () => ({ userId: victimId, isAdmin: false }), call: (v) => setUserAdmin(admin, v.userId, v.isAdmin) }),
  target({ name: 'acknowledgeAlert', schema: AcknowledgeAlertSchema, base: () => ({ alertId: crypto.randomUUID() }), call: (v) => acknowledgeAlert(admin, v.alertId) }),
  target({
    name: 'createAssessment',
    schema: assessmentForm,
    base: () => formValues(teamId),
    call: (v) => createAssessment(mia, v.teamId, toInput(v)),
    verify: (v, a) => {
      const row = db.select().from(assessments).where(eq(assessments.id, a.id)).get()!;
      return first(same('appName', row.appName, v.appName), same('baseUrl', row.baseUrl, v.baseUrl), same('targetLaunchDate', row.targetLaunchDate, v.targetLaunchDate), same('profile', JSON.parse(row.profile), toInput(v).profile));
    },
  }),
  target({
    name: 'previewAssessmentChange',
    schema: assessmentForm.and(SettingsTargetSchema),
    base: () => ({ ...formValues(teamId), assessmentId: settingsAssessment }),
    call: (v) => previewAssessmentChange(mia, v.assessmentId, toInput(v)),
  }),
  target({
    name: 'updateAssessment',
    schema: assessmentForm.and(ConfirmedPreviewSchema),
    base: () => {
      const values = formValues(teamId);
      return { ...values, assessmentId: settingsAssessment, fingerprint: previewAssessmentChange(mia, settingsAssessment, toInput(assessmentForm.parse(values))).fingerprint };
    },
    call: (v) => updateAssessment(mia, v.assessmentId, toInput(v), undefined, { expectedFingerprint: v.fingerprint }),
    verify: (v) => {
      const row = db.select().from(assessments).where(eq(assessments.id, settingsAssessment)).get()!;
      return first(same('appName', row.appName, v.appName), same('baseUrl', row.baseUrl, v.baseUrl), same('profile', JSON.parse(row.profile), toInput(v).profile));
    },
  }),
  target({ name: 'setAssessmentArchived', schema: ArchiveSchema, base: () => ({ assessmentId: archiveAssessment, archived: serial % 2 === 0 }), call: (v) => setAssessmentArchived(mia, v.assessmentId, v.archived) }),
  target({ name: 'applyCatalogUpgrade', schema: AssessmentTargetSchema, base: () => ({ assessmentId: workAssessment }), call: (v) => applyCatalogUpgrade(mia, v.assessmentId) }),
  target({
    name: 'saveItem',
    schema: ItemUpdateSchema,
    base: () => {
      const r = itemRow(workAssessment, applicable[0]!);
      return { assessmentId: workAssessment, catalogItemId: applicable[0]!, version: r.version, status: 'not_met', justification: '', gapResponse: 'plan', gapText: 'We close this by the rewrite.', gapDueDate: '2030-01-01', riskAcceptedById: '', ownerId: mia.id, dueDate: '', notes: `Working on it ${next()}`, criteriaMet: ['ac1'] };
    },
    call: (v) => saveItem(mia, v),
    verify: (v, result) => {
      if (!result.saved) return null;
      const row = itemRow(workAssessment, v.catalogItemId);
      return first(same('status', row.status, v.status), same('notes', row.notes, v.notes), same('ownerId', row.ownerId ?? '', v.ownerId), same('criteriaMet', JSON.parse(row.criteriaMet), [...new Set(v.criteriaMet)].sort()));
    },
  }),
  target({
    name: 'recordEvidence (text)',
    schema: TextEvidenceSchema,
    base: () => ({ assessmentId: workAssessment, catalogItemId: applicable[1]!, title: 'Key rotation', body: 'We rotate keys every 90 days.', validUntil: '' }),
    // As addTextEvidenceAction builds it.
    call: (v) => recordEvidence(mia, { id: crypto.randomUUID(), assessmentId: v.assessmentId, catalogItemId: v.catalogItemId, validUntil: v.validUntil || null, evidence: { kind: 'text', name: v.title, body: v.body, sha256: 'ab'.repeat(32), sizeBytes: Buffer.byteLength(v.body) } }),
    verify: (v, row) => {
      const stored = db.select().from(evidence).where(eq(evidence.id, row.id)).get()!;
      return first(same('name', stored.name, v.title), same('body', stored.body, v.body), same('validUntil', stored.validUntil, v.validUntil || null), same('sizeBytes', stored.sizeBytes, Buffer.byteLength(v.body)));
    },
  }),
  target({
    name: 'recordEvidence (link)',
    schema: LinkEvidenceSchema,
    base: () => ({ assessmentId: workAssessment, catalogItemId: applicable[2]!, title: 'Scanner run', url: 'https://scanner.example.com/run/1', validUntil: '2030-01-01' }),
    // As addLinkEvidenceAction builds it.
    call: (v) => recordEvidence(mia, { id: crypto.randomUUID(), assessmentId: v.assessmentId, catalogItemId: v.catalogItemId, validUntil: v.validUntil || null, evidence: { kind: 'link', name: v.title, url: v.url, sha256: 'ab'.repeat(32) } }),
    verify: (v, row) => {
      const stored = db.select().from(evidence).where(eq(evidence.id, row.id)).get()!;
      return first(same('name', stored.name, v.title), same('url', stored.url, v.url), same('validUntil', stored.validUntil, v.validUntil || null));
    },
  }),
  target({ name: 'attachPlanEvidence', schema: AttachPlanSchema, base: () => ({ assessmentId: workAssessment, catalogItemId: applicable[4]!, planId: publishedPlan }), call: (v) => attachPlanEvidence(mia, { assessmentId: v.assessmentId, catalogItemId: v.catalogItemId, planId: v.planId }) }),
  target({ name: 'deleteEvidence', schema: EvidenceIdSchema, base: () => ({ evidenceId: liveTextEvidence() }), call: (v) => deleteEvidence(mia, v.evidenceId) }),
  target({ name: 'restoreDeletedEvidence', schema: EvidenceIdSchema, base: () => ({ evidenceId: deletedTextEvidence() }), call: (v) => restoreDeletedEvidence(mia, v.evidenceId) }),
  target({ name: 'purgeEvidence', schema: EvidenceIdSchema, base: () => ({ evidenceId: deletedTextEvidence() }), call: (v) => purgeEvidence(admin, v.evidenceId) }),
  target({
    name: 'createPlan',
    schema: CreatePlanSchema,
    base: () => ({ teamId, templateId: 'disaster-recovery', title: 'DR plan' }),
    call: (v) => createPlan(mia, v.teamId, { templateId: v.templateId, title: v.title }),
    verify: (v, plan) => first(same('title', planRow(plan.id).title, v.title), same('templateId', planRow(plan.id).templateId, v.templateId)),
  }),
  target({
    name: 'saveDraft',
    schema: SaveDraftSchema,
    base: () => ({ planId: draftPlan, version: planRow(draftPlan).draftVersion, title: 'Draft plan', nextReviewDate: '', lastExercisedDate: '2026-01-01', content: completeDisasterRecoveryPlan() }),
    call: (v) => saveDraft(mia, v),
    verify: (v, result) => {
      if (!result.saved) return null;
      const row = planRow(draftPlan);
      return first(same('title', row.title, v.title), same('lastExercisedDate', row.lastExercisedDate, v.lastExercisedDate || null), same('content', JSON.parse(row.draftContent), planContentSchema(dr, 'draft').parse(v.content)));
    },
  }),
  target({ name: 'publishPlan', schema: PublishPlanSchema, base: () => ({ planId: publishedPlan, version: planRow(publishedPlan).draftVersion }), call: (v) => publishPlan(mia, v) }),
  target({
    name: 'signOffItem',
    schema: SignOffSchema,
    base: () => {
      const item = reviewableItem();
      return { ...item, digest: digestOfItem(db, itemRow(item.assessmentId, item.catalogItemId)), comment: 'Looks right.' };
    },
    call: (v) => signOffItem(rex, v),
    verify: (v, { reviewId }) => same('comment', db.select().from(itemReviews).where(eq(itemReviews.id, reviewId)).get()?.comment, v.comment),
  }),
  target({
    name: 'requestChanges',
    schema: RequestChangesSchema,
    base: () => {
      const item = reviewableItem();
      return { ...item, digest: digestOfItem(db, itemRow(item.assessmentId, item.catalogItemId)), comment: 'Attach the scan.' };
    },
    call: (v) => requestChanges(rex, v),
    verify: (v, { reviewId }) => first(same('comment', db.select().from(itemReviews).where(eq(itemReviews.id, reviewId)).get()?.comment, v.comment), same('status', itemRow(v.assessmentId, v.catalogItemId).status, 'in_progress')),
  }),
  target({
    name: 'withdrawSignOff',
    schema: WithdrawSignOffSchema,
    base: () => ({ ...signedItem(), reason: 'Signed too early.' }),
    call: (v) => withdrawSignOff(rex, v),
    verify: (v) => {
      const last = db.select().from(itemReviews).where(eq(itemReviews.assessmentItemId, itemRow(v.assessmentId, v.catalogItemId).id)).orderBy(desc(itemReviews.at)).get();
      return first(same('decision', last?.decision, 'withdrawn'), same('reason', last?.comment, v.reason.trim()));
    },
  }),
  target({
    name: 'reopenAssessment',
    schema: ReopenSchema,
    base: () => {
      // Approving needs every item signed; the approval itself is not what this target probes, so it is set directly.
      if (!db.select().from(assessments).where(eq(assessments.id, launchAssessment)).get()!.launchApprovedAt) db.update(assessments).set({ launchApprovedAt: new Date(), launchApprovedById: rex.id }).where(eq(assessments.id, launchAssessment)).run();
      return { assessmentId: launchAssessment, reason: 'A new finding came in.' };
    },
    call: (v) => reopenAssessment(rex, v.assessmentId, v.reason),
    verify: (v) => {
      const last = db.select().from(launchDecisions).where(eq(launchDecisions.assessmentId, launchAssessment)).orderBy(desc(launchDecisions.at)).get();
      return first(same('reason', last?.reason, v.reason), same('approved', db.select().from(assessments).where(eq(assessments.id, launchAssessment)).get()?.launchApprovedAt ?? null, null));
    },
  }),
  target({ name: 'approveLaunch', schema: ApproveLaunchSchema, base: () => ({ assessmentId: workAssessment, comment: 'Ship it.' }), call: (v) => approveLaunch(rex, v.assessmentId, '2026-12-01', v.comment) }),
];

// ---- one attempt: parse as the action does, call the query, judge the outcome ----

// Thousands of attempts: rather than hashing every table around each one, TEMP triggers count the rows written to
// each domain table (db/testing/fingerprint.ts); a refused attempt must leave every count where it was. The end of
// the run also compares a full content fingerprint across one last refused batch.
let writeCounts: () => Fingerprint;

const stats = { accepted: 0, refused: 0 };

function attempt(t: Target, mutation: Mutation): string | null {
  const input = applyMutation(t.base(), mutation);
  const before = writeCounts();
  let parsed: unknown;
  let result: unknown;
  try {
    parsed = parseInput(t.schema, input);
    result = t.call(parsed as never);
  } catch (error) {
    stats.refused += 1;
    if (!(error instanceof AppError)) return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    const unreadable = [error.message, ...Object.values(error.fieldErrors)].map(unreadableMessage).find(Boolean);
    if (unreadable) return `refused with a message not fit for a person: ${unreadable}`;
    const changed = changedTables(before, writeCounts());
    return changed.length ? `refused (${error.message}) but changed ${changed.join(', ')}` : null;
  }
  stats.accepted += 1;
  return t.verify?.(parsed as never, result as never) ?? null;
}

describe('data-layer functions take the bad-input corpus without a crash or a half-write', () => {
  it.each(targets.map((t) => [t.name, t] as const))('%s: the named corpus', (_, t) => {
    const keys = Object.keys(t.base());
    const failures = namedMutations(keys, { jsOnly: true }).flatMap(({ name, mutation }) => {
      const problem = attempt(t, mutation);
      return problem ? [`${name}: ${problem}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it.each(targets.map((t) => [t.name, t] as const))('%s: fast-check', (_, t) => {
    fc.assert(
      fc.property(mutationArb(Object.keys(t.base())), (mutation) => {
        const problem = attempt(t, mutation);
        if (problem) throw new Error(problem);
      }),
      { numRuns: FAST_CHECK_RUNS },
    );
  });

  it('a batch of refused inputs to every target leaves the content of every domain table as it was', () => {
    const bases = targets.map((t) => ({ t, base: t.base() }));
    const before = domainFingerprint(db.$client);
    for (const { t, base } of bases) {
      for (const key of Object.keys(base)) {
        // Values no field of any target accepts: each attempt is a refusal.
        for (const value of [Number.NaN, HOSTILE_JSON_VALUES['deep array'], '\u0000'.repeat(70_000)]) {
          expect(() => t.call(parseInput(t.schema, { ...base, [key]: value }) as never), `${t.name} with ${key} replaced`).toThrow(AppError);
        }
      }
      for (const whole of [null, [base], JSON.stringify(base), HOSTILE_JSON_VALUES['deep object']]) expect(() => t.call(parseInput(t.schema, whole) as never), `${t.name} with its whole input replaced`).toThrow(AppError);
    }
    expect(changedTables(before, domainFingerprint(db.$client))).toEqual([]);
  });

  it('took both paths: some inputs were stored, most refused', () => {
    expect(stats.accepted).toBeGreaterThan(50);
    // The write counters see the accepted writes, so a refusal that wrote would have shown too.
    expect(Object.keys(writeCounts())).toEqual(expect.arrayContaining(['teams', 'users', 'assessments', 'assessment_items', 'evidence', 'item_reviews', 'plans']));
    expect(stats.refused).toBeGreaterThan(stats.accepted);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
