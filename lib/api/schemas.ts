import { z } from 'zod';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { itemStatuses, probeRunStates, reportFormats, teamRoles } from '@/lib/domain/enums';
import { checkIds, checkStatuses } from '@/lib/probe/types';
import { UploadParamsSchema } from '@/lib/validation/evidence-upload';

// The API's request and response shapes. Requests are validated with these (and with the UI's own schemas, which
// they reuse); responses are documented from them in the OpenAPI document, and the integration tests parse every
// answer with them, so the document cannot drift from what the server sends.

export const Uuid = z.uuid();

export const PageQuery = z.object({
  cursor: z.string().max(200).optional().describe('Opaque; from the previous page’s `nextCursor`.'),
  limit: z.coerce.number('limit must be a number').int('limit must be a whole number').min(1, 'limit is at least 1').max(100, 'limit is at most 100').default(25),
});

/** An item update: the item's version and the fields to change; the rest stays as stored. */
// The fields' own rules come from the item form's schema; the rules across fields run when the merged item is
// parsed with that schema again on the server.
// The form's schema carries rules across fields, which zod will not omit fields from; its plain shape can.
export const ItemPatch = z
  .object(ItemUpdateSchema.shape)
  .omit({ assessmentId: true, catalogItemId: true })
  .partial()
  // A field's default would overwrite what is stored with a field nobody sent.
  .extend({ version: z.number('version is required: send the version you read').int().min(1), riskAcceptedById: ItemUpdateSchema.shape.riskAcceptedById.unwrap().optional() })
  .strict();

export const ProbeStart = z.object({ baseUrl: z.url('baseUrl must be a full https:// address').optional().describe('Probe this address (e.g. staging) instead of the assessment’s base URL.') }).strict();

/** The evidence upload's query: the same rules as the item page's upload; the path names the item. */
export const EvidenceUploadQuery = UploadParamsSchema.pick({ name: true, replaces: true, validUntil: true });

export const EvidenceSaved = z.object({ id: Uuid, name: z.string(), sha256: z.string(), size: z.number().int(), revision: z.number().int() });

export const ProbeStarted = z.object({ runId: Uuid, status: z.string() });

export const ReportQuery = z.object({ format: z.enum(reportFormats, 'Choose format=pdf, format=csv or format=json.').default('pdf') });

export const GateQuery = z.object({ format: z.enum(['json', 'text'], 'Choose format=json or format=text.').default('json') });

export const TeamList = z.object({ items: z.array(z.object({ id: Uuid, name: z.string(), myRole: z.enum(teamRoles).nullable() })) });

export const AssessmentSummary = z.object({
  id: Uuid,
  teamId: Uuid,
  appName: z.string(),
  appKind: z.string(),
  baseUrl: z.string(),
  targetLaunchDate: z.string(),
  state: z.string(),
  catalogVersion: z.string(),
  readinessPercent: z.number(),
  launchApprovedAt: z.string().nullable(),
});

export const AssessmentPage = z.object({ items: z.array(AssessmentSummary), nextCursor: z.string().nullable() });

export const ItemState = z.object({
  catalogItemId: z.string(),
  title: z.string(),
  category: z.string(),
  applicable: z.boolean(),
  status: z.enum(itemStatuses),
  version: z.number().int(),
  ownerId: z.string().nullable(),
  dueDate: z.string().nullable(),
  signedOff: z.boolean(),
  evidenceCount: z.number().int(),
  probe: z.object({ outcome: z.string(), at: z.string() }).nullable(),
});

export const AssessmentDetail = AssessmentSummary.extend({ items: z.array(ItemState) });

export const ItemSaved = z.object({ catalogItemId: z.string(), version: z.number().int(), changed: z.array(z.string()) });

export const CheckResultSchema = z.object({ id: z.enum(checkIds), status: z.enum(checkStatuses), items: z.array(z.string()), summary: z.string(), proof: z.array(z.string()), durationMs: z.number() });

export const ProbeRunSchema = z.object({
  id: Uuid,
  state: z.enum(probeRunStates),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  startedByName: z.string().nullable(),
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errorMessage: z.string().nullable(),
  resultSha256: z.string().nullable(),
  checks: z.array(CheckResultSchema),
});

export const GateSchema = z.object({
  pass: z.boolean(),
  reasons: z.array(z.object({ code: z.string(), catalogItemId: z.string().nullable(), message: z.string() })),
  assessment: z.object({ id: Uuid, appName: z.string(), team: z.string(), baseUrl: z.string(), catalogVersion: z.string() }),
  approvedAt: z.string().nullable(),
  report: z.object({ id: Uuid, format: z.string(), sha256: z.string(), createdAt: z.string() }).nullable(),
  probe: z.object({ runId: Uuid, finishedAt: z.string(), passed: z.number().int(), failed: z.number().int() }).nullable(),
});

export const ProblemSchema = z.object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), errors: z.record(z.string(), z.string()).optional(), current: z.unknown().optional() });
