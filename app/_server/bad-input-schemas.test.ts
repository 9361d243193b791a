// Every zod schema that validates server input, fed the bad-input corpus through parseInput, the step every server
// action and the upload route take: it either parses or refuses with messages a person can read. Never a throw
// of anything but ValidationError, never a polluted prototype.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ChangePasswordSchema } from '@/app/(app)/account/schemas';
import { AcknowledgeAlertSchema } from '@/app/(app)/admin/alerts/schemas';
import { CreateTeamSchema } from '@/app/(app)/admin/teams/schemas';
import { CreateUserSchema, SetAdminSchema, SetDisabledSchema, UserIdSchema } from '@/app/(app)/admin/users/schemas';
import { AssessmentTargetSchema, AttachPlanSchema, EvidenceIdSchema, LinkEvidenceSchema, TextEvidenceSchema } from '@/app/(app)/teams/[teamId]/assessments/[assessmentId]/evidence-schemas';
import { ApproveLaunchSchema, ReopenSchema, RequestChangesSchema, SignOffSchema, WithdrawSignOffSchema } from '@/app/(app)/teams/[teamId]/assessments/[assessmentId]/review-schemas';
import { ArchiveSchema, assessmentFormSchema, ConfirmedPreviewSchema, DERIVED_QUESTIONS, SettingsTargetSchema } from '@/app/(app)/teams/[teamId]/assessments/schemas';
import { CreatePlanSchema, PublishPlanSchema, SaveDraftSchema } from '@/app/(app)/teams/[teamId]/plans/schemas';
import { AddMemberSchema, ChangeRoleSchema, CreateMemberSchema, RemoveMemberSchema } from '@/app/(app)/teams/[teamId]/schemas';
import { SetPasswordSchema } from '@/app/(auth)/set-password/schemas';
import { SetupSchema } from '@/app/(auth)/setup/schemas';
import { UploadParamsSchema } from '@/lib/validation/evidence-upload';
import { currentCatalog } from '@/lib/catalog/load';
import { IsoDateSchema, ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { ValidationError } from '@/lib/errors';
import { planContentSchema } from '@/lib/plans/content';
import { TemplateSchema, type PlanTemplate, type ScalarTemplateField } from '@/lib/plans/template-schema';
import { currentTemplates } from '@/lib/plans/templates';
import { hostileValueArb, mutatedArb, namedValues, namedVariants, unreadableMessage } from '@/lib/testing/bad-input-corpus';
import { completeDisasterRecoveryPlan } from '@/lib/testing/plan-fixtures';
import { EmailSchema, NewPasswordSchema, PasswordPairSchema, PersonNameSchema } from '@/lib/validation/account';
import { RoleSchema } from '@/lib/validation/team';
import { parseInput } from './action-result';

const FAST_CHECK_RUNS = 150;
const id = () => crypto.randomUUID();
const hex64 = 'ab'.repeat(32);
const PASSWORD = 'Orbit-Lantern-42-Quietly';
const catalog = currentCatalog();
const askedQuestions = catalog.profileQuestions.map((q) => q.id).filter((q) => !DERIVED_QUESTIONS.includes(q));
const assessmentForm = assessmentFormSchema(askedQuestions);
const assessmentValues = { teamId: id(), appName: 'Billing', appKind: 'connect', baseUrl: 'https://billing.example.com', targetLaunchDate: '2027-06-01', profile: Object.fromEntries(askedQuestions.map((q) => [q, 'no'])) };
const catalogItemId = catalog.items[0]!.id;
const templates = [...currentTemplates().values()];

function scalarValue(field: ScalarTemplateField): string {
  if (field.type === 'number') return String(field.min);
  if (field.type === 'date') return '2027-01-01';
  if (field.type === 'email') return 'ops@example.com';
  return 'Filled in';
}

/** Every field of a template filled, so the content also passes the publishing check. */
function completeContent(t: PlanTemplate) {
  return Object.fromEntries(
    t.sections.map((s) => [
      s.id,
      Object.fromEntries(
        s.fields.map((f) => {
          if (f.type === 'steps') return [f.id, Array.from({ length: Math.max(1, f.minItems) }, () => 'A step')];
          if (f.type === 'list') return [f.id, Array.from({ length: Math.max(1, f.minItems) }, () => Object.fromEntries(f.fields.map((c) => [c.id, scalarValue(c)])))];
          return [f.id, scalarValue(f)];
        }),
      ),
    ]),
  );
}

type Target = { name: string; schema: z.ZodType; valid: unknown };

/** Each schema with one input it accepts; the corpus varies that input field by field. */
const targets: Target[] = [
  { name: 'ChangePasswordSchema', schema: ChangePasswordSchema, valid: { currentPassword: 'old password', newPassword: PASSWORD, confirmPassword: PASSWORD } },
  { name: 'AcknowledgeAlertSchema', schema: AcknowledgeAlertSchema, valid: { alertId: id() } },
  { name: 'CreateTeamSchema', schema: CreateTeamSchema, valid: { name: 'Payments', description: '' } },
  { name: 'CreateUserSchema', schema: CreateUserSchema, valid: { name: 'Ann', email: 'ann@example.com', isAdmin: false, teamId: id(), role: 'member' } },
  { name: 'UserIdSchema', schema: UserIdSchema, valid: { userId: id() } },
  { name: 'SetDisabledSchema', schema: SetDisabledSchema, valid: { userId: id(), disabled: true } },
  { name: 'SetAdminSchema', schema: SetAdminSchema, valid: { userId: id(), isAdmin: true } },
  { name: 'LinkEvidenceSchema', schema: LinkEvidenceSchema, valid: { assessmentId: id(), catalogItemId, title: 'Scan', url: 'https://scanner.example.com/run/1', validUntil: '' } },
  { name: 'TextEvidenceSchema', schema: TextEvidenceSchema, valid: { assessmentId: id(), catalogItemId, title: 'Note', body: 'We rotate keys.', validUntil: '2030-01-01' } },
  { name: 'AttachPlanSchema', schema: AttachPlanSchema, valid: { assessmentId: id(), catalogItemId, planId: id() } },
  { name: 'EvidenceIdSchema', schema: EvidenceIdSchema, valid: { evidenceId: id() } },
  { name: 'AssessmentTargetSchema', schema: AssessmentTargetSchema, valid: { assessmentId: id() } },
  { name: 'SignOffSchema', schema: SignOffSchema, valid: { assessmentId: id(), catalogItemId: catalogItemId, digest: hex64, comment: '' } },
  { name: 'RequestChangesSchema', schema: RequestChangesSchema, valid: { assessmentId: id(), catalogItemId: catalogItemId, digest: hex64, comment: 'Attach the scan.' } },
  { name: 'ApproveLaunchSchema', schema: ApproveLaunchSchema, valid: { assessmentId: id(), comment: '' } },
  { name: 'ReopenSchema', schema: ReopenSchema, valid: { assessmentId: id(), reason: 'New finding' } },
  { name: 'WithdrawSignOffSchema', schema: WithdrawSignOffSchema, valid: { assessmentId: id(), catalogItemId: catalogItemId, reason: 'Signed too early' } },
  { name: 'assessmentFormSchema (create)', schema: assessmentForm, valid: assessmentValues },
  { name: 'assessmentFormSchema and SettingsTargetSchema (preview)', schema: assessmentForm.and(SettingsTargetSchema), valid: { ...assessmentValues, assessmentId: id() } },
  { name: 'assessmentFormSchema and ConfirmedPreviewSchema (update)', schema: assessmentForm.and(ConfirmedPreviewSchema), valid: { ...assessmentValues, assessmentId: id(), fingerprint: hex64 } },
  { name: 'ArchiveSchema', schema: ArchiveSchema, valid: { assessmentId: id(), archived: true } },
  { name: 'CreatePlanSchema', schema: CreatePlanSchema, valid: { teamId: id(), templateId: 'disaster-recovery', title: 'DR plan' } },
  { name: 'SaveDraftSchema', schema: SaveDraftSchema, valid: { planId: id(), version: 1, title: 'DR plan', nextReviewDate: '', lastExercisedDate: '2026-01-01', content: completeDisasterRecoveryPlan() } },
  { name: 'PublishPlanSchema', schema: PublishPlanSchema, valid: { planId: id(), version: 2 } },
  { name: 'AddMemberSchema', schema: AddMemberSchema, valid: { teamId: id(), email: 'ann@example.com', role: 'reviewer' } },
  { name: 'ChangeRoleSchema', schema: ChangeRoleSchema, valid: { teamId: id(), userId: id(), role: 'auditor' } },
  { name: 'RemoveMemberSchema', schema: RemoveMemberSchema, valid: { teamId: id(), userId: id() } },
  { name: 'CreateMemberSchema', schema: CreateMemberSchema, valid: { teamId: id(), email: 'new@example.com', role: 'member', name: 'New Person' } },
  { name: 'SetPasswordSchema', schema: SetPasswordSchema, valid: { password: PASSWORD, confirmPassword: PASSWORD } },
  { name: 'SetupSchema', schema: SetupSchema, valid: { name: 'Ada', email: 'ada@example.com', password: PASSWORD, confirmPassword: PASSWORD } },
  // The upload route parses its query string: every value arrives as a string.
  { name: 'UploadParamsSchema', schema: UploadParamsSchema, valid: { assessmentId: id(), catalogItemId, name: 'scan.pdf', replaces: id(), validUntil: '2030-01-01' } },
  { name: 'ItemUpdateSchema', schema: ItemUpdateSchema, valid: { assessmentId: id(), catalogItemId: catalogItemId, version: 1, status: 'not_met', justification: '', gapResponse: 'risk_acceptance', gapText: 'Accepted until the rewrite.', gapDueDate: '2030-01-01', riskAcceptedById: id(), ownerId: '', dueDate: '', notes: '', criteriaMet: ['ac1'] } },
  ...templates.flatMap((t) => [
    // saveDraft and publishPlan check a plan's content against its template in the data layer.
    { name: `planContentSchema(${t.id}, draft)`, schema: planContentSchema(t, 'draft'), valid: completeContent(t) },
    { name: `planContentSchema(${t.id}, publish)`, schema: planContentSchema(t, 'publish'), valid: completeContent(t) },
  ]),
  { name: 'TemplateSchema', schema: TemplateSchema, valid: templates[0] },
  // Building blocks that several forms share.
  { name: 'EmailSchema', schema: EmailSchema, valid: 'ann@example.com' },
  { name: 'PersonNameSchema', schema: PersonNameSchema, valid: 'Ann' },
  { name: 'NewPasswordSchema', schema: NewPasswordSchema, valid: PASSWORD },
  { name: 'PasswordPairSchema', schema: PasswordPairSchema, valid: { password: PASSWORD, confirmPassword: PASSWORD } },
  { name: 'RoleSchema', schema: RoleSchema, valid: 'member' },
  { name: 'IsoDateSchema', schema: IsoDateSchema, valid: '2027-03-31' },
];

/** Parses as the server does; returns what is wrong with the outcome, or null. */
function problemWith(schema: z.ZodType, input: unknown): string | null {
  try {
    const data = parseInput(schema, input);
    if (data && typeof data === 'object' && Object.getPrototypeOf(data) !== Object.prototype && !Array.isArray(data)) return 'parsed data has a foreign prototype';
    return null;
  } catch (error) {
    if (!(error instanceof ValidationError)) return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    const messages = [error.message, ...Object.values(error.fieldErrors)];
    if (Object.keys(error.fieldErrors).length === 0) return 'refused without saying which field';
    for (const m of messages) {
      const bad = unreadableMessage(m);
      if (bad) return `message not fit for a person: ${bad}`;
    }
    return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeInput(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    return text === undefined ? String(input) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(input).slice(0, 300);
  }
}

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin, 'Object.prototype was polluted').toBeUndefined();
});

describe('every server-input schema refuses bad input with readable field errors', () => {
  it.each(targets.map((t) => [t.name, t] as const))('%s accepts its valid sample', (_, t) => {
    expect(problemWith(t.schema, t.valid)).toBeNull();
    expect(() => parseInput(t.schema, t.valid)).not.toThrow();
  });

  it.each(targets.map((t) => [t.name, t] as const))('%s: the named corpus', (_, t) => {
    const variants = isRecord(t.valid) ? namedVariants(t.valid, { jsOnly: true }) : namedValues({ jsOnly: true });
    const failures = variants.flatMap((v) => {
      const problem = problemWith(t.schema, v.input);
      return problem ? [`${v.name}: ${problem}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it.each(targets.map((t) => [t.name, t] as const))('%s: fast-check', (_, t) => {
    const arb = isRecord(t.valid) ? mutatedArb(t.valid) : hostileValueArb;
    fc.assert(
      fc.property(arb, (input) => {
        const problem = problemWith(t.schema, input);
        if (problem) throw new Error(`${problem} for ${describeInput(input)}`);
      }),
      { numRuns: FAST_CHECK_RUNS },
    );
  });
});
