import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { assertTokenScope, assertTokenTeam, type ApiPrincipal } from '@/lib/api/principal';
import type { AssessmentDetail, AssessmentSummary, ItemPatch, TeamList } from '@/lib/api/schemas';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { computeReadiness } from '@/lib/checklist/readiness';
import type { ApiTokenScope } from '@/lib/domain/enums';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import type { Action } from '@/lib/permissions';
import { getDb } from '../index';
import { assessmentItems, assessments, type Assessment } from '../schema';
import { requireAssessment, requireTeam } from './access';
import { listChecklistRows } from './checklist';
import { listTeams } from './teams';
import { gateVerdict, type GateVerdict } from './gate';
import { evidenceFileForDownload } from './evidence';
import { itemValues, saveItem } from './items';
import { getProbeRun, getProbeRunResult } from './probe';
import { startProbeRun } from './probe-execution';

// The REST API's reads and writes. Each takes the request's principal: its scope is checked first, then the same
// permission model the pages ask (the token's user), then a team token's team. A token can do no more than its
// owner, and no more than its scopes.

/** The assessment an API request names, with scope, permission and team token narrowing all checked. */
export function requireApiAssessment(p: ApiPrincipal, scope: ApiTokenScope | ApiTokenScope[], assessmentId: string, action: Action = 'assessment.read'): Assessment {
  checkScope(p, scope);
  const { assessment } = requireAssessment(getDb(), p.actor, assessmentId, action);
  assertTokenTeam(p, assessment.teamId);
  return assessment;
}

function checkScope(p: ApiPrincipal, scope: ApiTokenScope | ApiTokenScope[]): void {
  const any = Array.isArray(scope) ? scope : [scope];
  if (!any.some((s) => p.scopes.includes(s))) assertTokenScope(p, any[0]!);
}

/** The teams the token reaches: its owner's (every team for an admin), or a team token's one team. */
export function listApiTeams(p: ApiPrincipal): z.infer<typeof TeamList> {
  checkScope(p, ['read', 'gate']);
  const reachable = listTeams(p.actor).filter((t) => p.teamId === null || t.id === p.teamId);
  return { items: reachable.map((t) => ({ id: t.id, name: t.name, myRole: t.myRole })) };
}

type Summary = z.infer<typeof AssessmentSummary>;

function summaryOf(a: Assessment, readinessPercent: number): Summary {
  return {
    id: a.id,
    teamId: a.teamId,
    appName: a.appName,
    appKind: a.appKind,
    baseUrl: a.baseUrl,
    targetLaunchDate: a.targetLaunchDate,
    state: a.state,
    catalogVersion: a.catalogVersion,
    readinessPercent,
    launchApprovedAt: a.launchApprovedAt?.toISOString() ?? null,
  };
}

function encodeCursor(a: Pick<Assessment, 'createdAt' | 'id'>): string {
  return Buffer.from(`${a.createdAt.getTime()}:${a.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const m = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new ValidationError('This cursor is not one the API gave out. Start again without it.', { cursor: 'Use the nextCursor of the previous page.' });
  return { at: new Date(Number(m[1])), id: m[2]! };
}

/** A team's assessments, oldest first, a page at a time (cursor pagination: stable while others are added). */
export function listAssessmentsPage(p: ApiPrincipal, teamId: string, page: { cursor?: string; limit: number }): { items: Summary[]; nextCursor: string | null } {
  checkScope(p, ['read', 'gate']);
  const db = getDb();
  requireTeam(db, p.actor, teamId, 'team.read');
  assertTokenTeam(p, teamId);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = db
    .select()
    .from(assessments)
    .where(and(eq(assessments.teamId, teamId), after ? or(gt(assessments.createdAt, after.at), and(eq(assessments.createdAt, after.at), gt(assessments.id, after.id))) : undefined))
    .orderBy(asc(assessments.createdAt), asc(assessments.id))
    .limit(page.limit + 1)
    .all();
  const shown = rows.slice(0, page.limit);
  const progress = new Map(
    shown.length
      ? db
          .select({
            id: assessmentItems.assessmentId,
            applicable: sql<number>`sum(case when ${assessmentItems.excludedByProfile} = 0 and ${assessmentItems.removedFromCatalogAt} is null then 1 else 0 end)`,
            done: sql<number>`sum(case when ${assessmentItems.excludedByProfile} = 0 and ${assessmentItems.removedFromCatalogAt} is null and ${assessmentItems.status} in ('met', 'not_applicable') then 1 else 0 end)`,
          })
          .from(assessmentItems)
          .where(sql`${assessmentItems.assessmentId} in (${sql.join(shown.map((a) => sql`${a.id}`), sql`, `)})`)
          .groupBy(assessmentItems.assessmentId)
          .all()
          .map((r) => [r.id, r.applicable ? Math.round((100 * r.done) / r.applicable) : 100])
      : [],
  );
  return { items: shown.map((a) => summaryOf(a, progress.get(a.id) ?? 0)), nextCursor: rows.length > page.limit ? encodeCursor(shown.at(-1)!) : null };
}

/** One assessment with every item's state. */
export function getAssessmentDetail(p: ApiPrincipal, assessmentId: string): z.infer<typeof AssessmentDetail> {
  const assessment = requireApiAssessment(p, 'read', assessmentId);
  const catalog = currentCatalog();
  const rows = listChecklistRows(p.actor, assessment.id).filter((r) => !r.removedFromCatalogAt && catalog.itemsById.has(r.catalogItemId));
  const readiness = computeReadiness(rows.map((r) => ({ category: catalog.itemsById.get(r.catalogItemId)!.category, status: r.status, excludedByProfile: r.excludedByProfile, removed: false })));
  const order = new Map(catalog.items.map((c, i) => [c.id, i]));
  rows.sort((a, b) => order.get(a.catalogItemId)! - order.get(b.catalogItemId)!);
  return {
    ...summaryOf(assessment, readiness.overall.percent),
    items: rows.map((r) => {
      const c = catalog.itemsById.get(r.catalogItemId)!;
      return {
        catalogItemId: r.catalogItemId,
        title: c.title,
        category: c.category,
        applicable: !r.excludedByProfile,
        status: r.status,
        version: r.version,
        ownerId: r.ownerId,
        dueDate: r.dueDate,
        signedOff: r.signedOff,
        evidenceCount: r.evidenceCount,
        probe: r.probeOutcome && r.probedAt ? { outcome: r.probeOutcome, at: r.probedAt.toISOString() } : null,
      };
    }),
  };
}

/**
 * Changes an item the way the item form does: the patch is laid over what is stored, the whole is validated with
 * the form's own schema, and a stale version is a 409 that carries the current state.
 */
export function patchItem(p: ApiPrincipal, assessmentId: string, catalogItemId: string, patch: z.infer<typeof ItemPatch>) {
  const assessment = requireApiAssessment(p, 'write', assessmentId, 'assessment.write');
  const item = getDb().select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessment.id), eq(assessmentItems.catalogItemId, catalogItemId))).get();
  if (!item) throw new NotFoundError('This assessment has no such item.');
  const merged = ItemUpdateSchema.safeParse({ ...itemValues(item), ...patch, assessmentId: assessment.id, catalogItemId });
  if (!merged.success) {
    const errors = Object.fromEntries(merged.error.issues.map((i) => [i.path.join('.') || 'item', i.message]));
    throw new ValidationError('The item would not be valid with these changes.', errors);
  }
  const result = saveItem(p.actor, merged.data);
  if (!result.saved) {
    const error = new ConflictError(`Someone saved this item since version ${patch.version}. Its current state is in "current"; apply your change to version ${result.conflict.version}.`);
    throw Object.assign(error, { current: { version: result.conflict.version, ...result.conflict.current, updatedBy: result.conflict.updatedBy, updatedAt: result.conflict.updatedAt } });
  }
  return { catalogItemId, version: result.version, changed: result.changed };
}

export function getApiGate(p: ApiPrincipal, assessmentId: string): GateVerdict {
  return gateVerdict(getDb(), requireApiAssessment(p, ['gate', 'read'], assessmentId));
}

/** A file of evidence to download, if the token may read its assessment. */
export function apiEvidenceForDownload(p: ApiPrincipal, evidenceId: string) {
  checkScope(p, 'read');
  const evidence = evidenceFileForDownload(p.actor, evidenceId);
  const item = getDb().select({ assessmentId: assessmentItems.assessmentId }).from(assessmentItems).where(eq(assessmentItems.id, evidence.assessmentItemId)).get()!;
  requireApiAssessment(p, 'read', item.assessmentId);
  return evidence;
}

export function startApiProbeRun(p: ApiPrincipal, assessmentId: string, baseUrl: string | undefined): { runId: string } {
  const assessment = requireApiAssessment(p, 'probe', assessmentId, 'probe.run');
  return startProbeRun(p.actor, assessment.id, baseUrl ? { baseUrl } : {});
}

export function getApiProbeRun(p: ApiPrincipal, assessmentId: string, runId: string) {
  const assessment = requireApiAssessment(p, ['probe', 'read', 'gate'], assessmentId);
  const run = getProbeRun(p.actor, assessment.id, runId);
  return { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null };
}

export function getApiProbeRunResult(p: ApiPrincipal, assessmentId: string, runId: string) {
  const assessment = requireApiAssessment(p, ['probe', 'read', 'gate'], assessmentId);
  return getProbeRunResult(p.actor, assessment.id, runId);
}
