import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { getDb } from '../index';
import { assessmentItems, itemReviews, probeRuns, probeTargets, reportExports, teams, type Assessment } from '../schema';
import { requireAssessment } from './access';
import type { Executor } from './executor';
import { launchBlockers } from './launch';

export type GateReason = { code: 'not-approved' | 'unsigned' | 'stale-sign-off' | 'evidence-expired' | 'probe-missing' | 'probe-old' | 'probe-failed'; catalogItemId: string | null; message: string };

export type GateVerdict = {
  pass: boolean;
  reasons: GateReason[];
  assessment: { id: string; appName: string; team: string; baseUrl: string; catalogVersion: string };
  approvedAt: string | null;
  report: { id: string; format: string; sha256: string; createdAt: string } | null;
  probe: { runId: string; finishedAt: string; passed: number; failed: number } | null;
};

const DAY_MS = 86_400_000;

/**
 * The launch decision as a pipeline asks it: pass only when the launch is approved, no evidence has expired, and
 * (when the team asks for it) the latest probe run passed within its days. Every reason names the item.
 */
export function gateVerdict(tx: Executor, assessment: Assessment, now = new Date()): GateVerdict {
  const catalog = currentCatalog();
  const today = now.toISOString().slice(0, 10);
  const reasons: GateReason[] = [];
  const { unsigned, expired } = launchBlockers(tx, assessment.id, today, catalog);
  if (!assessment.launchApprovedAt) {
    reasons.push({ code: 'not-approved', catalogItemId: null, message: 'The launch is not approved by a reviewer.' });
    const everSigned = new Set(
      tx
        .select({ catalogItemId: assessmentItems.catalogItemId })
        .from(itemReviews)
        .innerJoin(assessmentItems, eq(assessmentItems.id, itemReviews.assessmentItemId))
        .where(and(eq(itemReviews.assessmentId, assessment.id), eq(itemReviews.decision, 'approved'), isNull(assessmentItems.signOffId)))
        .all()
        .map((r) => r.catalogItemId),
    );
    for (const u of unsigned) {
      const stale = everSigned.has(u.catalogItemId);
      reasons.push({ code: stale ? 'stale-sign-off' : 'unsigned', catalogItemId: u.catalogItemId, message: stale ? `“${u.title}”: its sign-off is stale; the item changed after it was signed.` : `“${u.title}” is not signed off.` });
    }
  }
  for (const e of expired) {
    const title = catalog.itemsById.get(e.catalogItemId)?.title ?? e.catalogItemId;
    reasons.push({ code: 'evidence-expired', catalogItemId: e.catalogItemId, message: `“${title}”: evidence “${e.name}” expired after ${e.validUntil}.` });
  }
  const maxAgeDays = tx.select({ days: probeTargets.gateProbeMaxAgeDays }).from(probeTargets).where(eq(probeTargets.assessmentId, assessment.id)).get()?.days ?? null;
  const run = tx.select().from(probeRuns).where(and(eq(probeRuns.assessmentId, assessment.id), eq(probeRuns.state, 'finished'))).orderBy(desc(probeRuns.finishedAt)).limit(1).get();
  if (maxAgeDays !== null) {
    if (!run?.finishedAt) reasons.push({ code: 'probe-missing', catalogItemId: null, message: `The gate asks for a probe run within ${maxAgeDays} days, and none has finished.` });
    else {
      if (now.getTime() - run.finishedAt.getTime() > maxAgeDays * DAY_MS) reasons.push({ code: 'probe-old', catalogItemId: null, message: `The latest probe run finished on ${run.finishedAt.toISOString().slice(0, 10)}, more than ${maxAgeDays} days ago.` });
      const checks = run.result ? (JSON.parse(run.result) as { checks: { id: string; status: string; items: string[]; summary: string }[] }).checks : [];
      for (const c of checks.filter((c) => c.status === 'fail')) {
        for (const itemId of c.items.length ? c.items : [null]) reasons.push({ code: 'probe-failed', catalogItemId: itemId, message: `Probe check ${c.id} failed: ${c.summary}` });
      }
    }
  }
  const team = tx.select({ name: teams.name }).from(teams).where(eq(teams.id, assessment.teamId)).get()!;
  const report = tx.select().from(reportExports).where(eq(reportExports.assessmentId, assessment.id)).orderBy(desc(reportExports.createdAt)).limit(1).get();
  return {
    pass: reasons.length === 0,
    reasons,
    assessment: { id: assessment.id, appName: assessment.appName, team: team.name, baseUrl: assessment.baseUrl, catalogVersion: assessment.catalogVersion },
    approvedAt: assessment.launchApprovedAt?.toISOString() ?? null,
    report: report ? { id: report.id, format: report.format, sha256: report.sha256, createdAt: report.createdAt.toISOString() } : null,
    probe: run?.finishedAt ? { runId: run.id, finishedAt: run.finishedAt.toISOString(), passed: run.passed, failed: run.failed } : null,
  };
}

/** The gate of an assessment the actor may read. */
export function getGate(actor: Actor, assessmentId: string): GateVerdict {
  const db = getDb();
  const { assessment } = requireAssessment(db, actor, assessmentId, 'assessment.read');
  return gateVerdict(db, assessment);
}

/** The gate as plain text for a POSIX shell: "PASS" or "FAIL" on the first line, then one reason per line. */
export function gateText(v: GateVerdict): string {
  const head = `${v.pass ? 'PASS' : 'FAIL'} ${v.assessment.appName} (${v.assessment.team})${v.approvedAt ? `, approved ${v.approvedAt.slice(0, 10)}` : ''}`;
  return [head, ...v.reasons.map((r) => `- ${r.message.replace(/[\r\n]+/g, ' ')}`)].join('\n') + '\n';
}
