import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { PROBED_ITEMS } from '@/lib/probe/checks';
import { parseAllowHosts } from '@/lib/probe/egress';
import { runProbe } from '@/lib/probe/run';
import type { CheckResult, EgressPolicy, ProbeResult, ProbeTarget } from '@/lib/probe/types';
import { keyRing } from '@/lib/vault/ring';
import { openValue } from '@/lib/vault/sealed-value';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, probeRuns, users, type Assessment, type ProbeTargetRow } from '../schema';
import { appendAudit } from './audit';
import { recordEvidenceIn } from './evidence';
import type { Executor } from './executor';
import { openProbeRun, probeAuthPurpose, storedProbeTarget } from './probe';
import { announceProbeFailed } from './webhooks';

/** Starts a run and returns at once; the run goes on in this process and writes its progress to its row. */
export function startProbeRun(actor: Actor, assessmentId: string, options: { baseUrl?: string } = {}): { runId: string } {
  const { runId } = openProbeRun(actor, assessmentId, options);
  setImmediate(() => void executeProbeRun(runId));
  return { runId };
}

/** What the stored settings ask the engine to contact. The sign-in header is opened only here, for the run. */
export function probeTargetOf(assessment: Assessment, row: ProbeTargetRow | undefined): ProbeTarget {
  const descriptor: ProbeTarget['descriptor'] =
    row?.descriptorMode === 'none' || (assessment.appKind === 'forge' && (row?.descriptorMode ?? 'auto') === 'auto')
      ? { kind: 'none' }
      : row?.descriptorMode === 'url' && row.descriptorUrl
        ? { kind: 'url', url: row.descriptorUrl }
        : row?.descriptorMode === 'upload' && row.descriptorText
          ? { kind: 'inline', text: row.descriptorText, name: row.descriptorName ?? 'atlassian-connect.json' }
          : undefined;
  const secret = row?.authUrl && row.authHeaderName && row.authSecret && row.authKeyId ? openValue(keyRing(), probeAuthPurpose(assessment.id), { keyId: row.authKeyId, sealed: row.authSecret }) : null;
  return {
    baseUrl: assessment.baseUrl,
    extraHosts: row ? (JSON.parse(row.extraHosts) as string[]) : [],
    httpPort: row?.httpPort ?? undefined,
    descriptor,
    manifest: row?.manifestText ? { text: row.manifestText, name: row.manifestName ?? 'manifest.yml' } : undefined,
    authenticated: secret !== null && row?.authUrl && row.authHeaderName ? { url: row.authUrl, header: { name: row.authHeaderName, value: secret } } : undefined,
  };
}

function personMessage(e: unknown): string {
  // Engine errors (a bad target, a refused host) are written for people; anything else is logged, not shown.
  if (e instanceof AppError || (e instanceof Error && /^(Egress|ProbeLimit|ProbeTarget)/.test(e.name))) return e.message;
  return 'The probe stopped on an unexpected error. The server log has the details.';
}

export type ExecuteOptions = { policy?: EgressPolicy; ca?: string[] };

/** What the instance lets the probe contact and trust: PROBE_ALLOW_HOSTS and PROBE_CA_FILE. */
function instanceProbeSettings(): Required<ExecuteOptions> {
  const e = env();
  return { policy: { allowPrivate: false, allowHosts: parseAllowHosts(e.PROBE_ALLOW_HOSTS) }, ca: e.PROBE_CA_FILE ? [readFileSync(e.PROBE_CA_FILE, 'utf8')] : [] };
}

export async function executeProbeRun(runId: string, options: ExecuteOptions = {}): Promise<void> {
  const db = getDb();
  const run = db.select().from(probeRuns).where(eq(probeRuns.id, runId)).get();
  if (!run || run.state !== 'running') return;
  const assessment = db.select().from(assessments).where(eq(assessments.id, run.assessmentId)).get();
  if (!assessment) return;
  const finished: CheckResult[] = [];
  try {
    const settings = { ...instanceProbeSettings(), ...options };
    const stored = probeTargetOf(assessment, storedProbeTarget(db, assessment.id));
    // A run against another address (staging) never sends the stored sign-in header: it belongs to the app itself.
    const target = run.baseUrl ? { ...stored, baseUrl: run.baseUrl, authenticated: undefined, ca: settings.ca } : { ...stored, ca: settings.ca };
    const result = await runProbe(target, {
      policy: settings.policy,
      onProgress: ({ check }) => {
        finished.push(check);
        db.update(probeRuns).set({ checks: JSON.stringify(finished) }).where(and(eq(probeRuns.id, runId), eq(probeRuns.state, 'running'))).run();
      },
    });
    fileProbeResult(runId, assessment.id, result);
  } catch (e) {
    const message = personMessage(e);
    if (message !== (e as Error)?.message) log.error({ err: e, runId }, 'probe run failed');
    db.transaction(
      (tx) => {
        tx.update(probeRuns).set({ state: 'failed', finishedAt: new Date(), errorMessage: message }).where(eq(probeRuns.id, runId)).run();
        appendAudit(tx, { action: 'probe.failed', actor: null, target: { type: 'assessment', id: assessment.id }, details: { assessmentId: assessment.id, runId } });
      },
      { behavior: 'immediate' },
    );
  }
}

function actorOf(tx: Executor, userId: string | null): Actor | null {
  if (!userId) return null;
  const u = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!u || u.disabledAt) return null;
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: null };
}

/** The part of a run that concerns one item: its JSON is the evidence body, and its verdicts what a sign-off covers. */
export function itemProbeRecord(runId: string, result: ProbeResult, catalogItemId: string) {
  const checks = result.checks.filter((c) => c.items.includes(catalogItemId) && c.status !== 'skip');
  // Only what the probe could judge is evidence; a check that could not run proves nothing either way.
  if (!checks.some((c) => c.status !== 'error')) return null;
  const body = JSON.stringify({ version: 1, runId, target: result.target, startedAt: result.startedAt, finishedAt: result.finishedAt, checks }, null, 2);
  const count = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  const parts = [['passed', count('pass')], ['failed', count('fail')], ['with warnings', count('warn')], ['could not run', count('error')]].filter(([, n]) => n).map(([w, n]) => `${n} ${w}`);
  return {
    body,
    sha256: createHash('sha256').update(body).digest('hex'),
    sizeBytes: Buffer.byteLength(body),
    outcome: checks.map((c) => `${c.id}=${c.status}`).sort().join(';'),
    name: `Probe of ${new URL(result.target.baseUrl).host}: ${parts.join(', ')}`,
  };
}

/** Stores the run and files it as a new revision of each mapped item's probe evidence, in one transaction. */
function fileProbeResult(runId: string, assessmentId: string, result: ProbeResult): void {
  const text = JSON.stringify(result);
  const passed = result.checks.filter((c) => c.status === 'pass').length;
  const failed = result.checks.filter((c) => c.status === 'fail').length;
  getDb().transaction(
    (tx) => {
      let filedItems = 0;
      let notFiled: string | null = null;
      const run = tx.select().from(probeRuns).where(eq(probeRuns.id, runId)).get()!;
      const actor = actorOf(tx, run.startedById);
      if (!actor) notFiled = 'The person who started this run can no longer add evidence, so its results were not filed.';
      else {
        const items = tx.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), isNull(assessmentItems.removedFromCatalogAt))).all();
        try {
          tx.transaction((inner) => {
            for (const item of items) {
              if (!PROBED_ITEMS.has(item.catalogItemId) || item.excludedByProfile) continue;
              const record = itemProbeRecord(runId, result, item.catalogItemId);
              if (!record) continue;
              const previous = inner.select({ id: evidence.id }).from(evidence).where(and(eq(evidence.assessmentItemId, item.id), eq(evidence.kind, 'probe'), isNull(evidence.deletedAt), isNull(evidence.replacedAt))).get();
              recordEvidenceIn(inner, actor, {
                id: randomUUID(),
                assessmentId,
                catalogItemId: item.catalogItemId,
                validUntil: null,
                replaces: previous?.id ?? null,
                evidence: { kind: 'probe', name: record.name, body: record.body, sha256: record.sha256, sizeBytes: record.sizeBytes, probeRunId: runId, probeOutcome: record.outcome },
              });
              filedItems += 1;
            }
          });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          filedItems = 0;
          notFiled = `The results were not filed as evidence: ${e.message}`;
        }
      }
      tx.update(probeRuns)
        .set({ state: 'finished', finishedAt: new Date(result.finishedAt), result: text, resultSha256: createHash('sha256').update(text).digest('hex'), passed, failed, errorMessage: notFiled })
        .where(eq(probeRuns.id, runId))
        .run();
      appendAudit(tx, { action: 'probe.finished', actor: actor ?? null, target: { type: 'assessment', id: assessmentId }, details: { assessmentId, runId, passed, failed, filedItems } });
      announceProbeFailed(tx, { assessmentId, runId, passed, failed, finishedAt: new Date(result.finishedAt) });
    },
    { behavior: 'immediate' },
  );
}
