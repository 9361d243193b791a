import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gte, isNotNull, lt, ne } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { AppError, ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { can } from '@/lib/permissions';
import type { ProbeRunView } from '@/lib/probe/run-view';
import { checkIds, type CheckResult, type ProbeResult } from '@/lib/probe/types';
import { splitHosts, type ProbeTargetInput } from '@/lib/validation/probe-target';
import { keyRing } from '@/lib/vault/ring';
import { sealValue } from '@/lib/vault/sealed-value';
import { getDb } from '../index';
import { probeRuns, probeTargets, users, type ProbeRun, type ProbeTargetRow } from '../schema';
import { lockOf, requireAssessment } from './access';
import { appendAudit } from './audit';
import type { Executor } from './executor';

/** A run still "running" this long after it started belongs to a server that stopped; it is shown as interrupted. */
export const RUN_ABANDONED_AFTER_MS = 5 * 60_000;

export const RUN_ALREADY_RUNNING = 'A probe run is already running for this assessment. Wait for it to finish.';

/** Runs the instance carries at once: each holds up to `concurrency` connections open, so the sum stays bounded. */
export const MAX_RUNS_AT_ONCE = 3;
export const PROBE_BUSY = 'The probe is busy with other teams’ runs. Try again in a minute.';

export type ProbeTargetView = {
  baseUrl: string;
  extraHosts: string[];
  httpPort: number | null;
  gateProbeMaxAgeDays: number | null;
  descriptorMode: ProbeTargetRow['descriptorMode'];
  descriptorUrl: string | null;
  descriptorName: string | null;
  hasDescriptorText: boolean;
  manifestName: string | null;
  hasManifest: boolean;
  authUrl: string | null;
  authHeaderName: string | null;
  hasAuthSecret: boolean;
  updatedAt: Date | null;
};

export type { ProbeRunView };

/** Why the assessment's base URL cannot be probed, or null. */
export function probeBlockedReason(baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'The assessment’s base URL is not a valid address. Fix it in the assessment settings.';
  }
  if (url.protocol !== 'https:') return `The probe checks apps served over https, and the base URL is ${url.protocol.replace(':', '')}. Change it in the assessment settings to the https address the app is served from.`;
  return null;
}

/** A staging address given for one run: parsed, https only, and without credentials in it. */
function overrideBlockedReason(baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'baseUrl is not a valid address. Give the full https:// address of the app to probe.';
  }
  if (url.protocol !== 'https:') return `The probe checks apps served over https, and this address is ${url.protocol.replace(':', '')}.`;
  if (url.username || url.password) return 'Leave the user name and password out of baseUrl; the probe’s sign-in header is set on the probe page.';
  return null;
}

function targetView(baseUrl: string, row: ProbeTargetRow | undefined): ProbeTargetView {
  return {
    baseUrl,
    extraHosts: row ? (JSON.parse(row.extraHosts) as string[]) : [],
    httpPort: row?.httpPort ?? null,
    gateProbeMaxAgeDays: row?.gateProbeMaxAgeDays ?? null,
    descriptorMode: row?.descriptorMode ?? 'auto',
    descriptorUrl: row?.descriptorUrl ?? null,
    descriptorName: row?.descriptorName ?? null,
    hasDescriptorText: Boolean(row?.descriptorText),
    manifestName: row?.manifestName ?? null,
    hasManifest: Boolean(row?.manifestText),
    authUrl: row?.authUrl ?? null,
    authHeaderName: row?.authHeaderName ?? null,
    hasAuthSecret: Boolean(row?.authSecret),
    updatedAt: row?.updatedAt ?? null,
  };
}

/** Internal to the data layer: runs left "running" by a server that stopped are marked interrupted. */
export function expireAbandonedRuns(tx: Executor, assessmentId: string, now = new Date()): void {
  tx.update(probeRuns)
    .set({ state: 'interrupted', finishedAt: now, errorMessage: 'The server stopped before this run finished. Start it again.' })
    .where(and(eq(probeRuns.assessmentId, assessmentId), eq(probeRuns.state, 'running'), lt(probeRuns.startedAt, new Date(now.getTime() - RUN_ABANDONED_AFTER_MS))))
    .run();
}

function runView(run: ProbeRun & { startedByName?: string | null }): ProbeRunView {
  const result = run.result ? (JSON.parse(run.result) as ProbeResult) : null;
  return {
    id: run.id,
    state: run.state,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    startedByName: run.startedByName ?? null,
    total: run.total,
    checks: result ? result.checks : (JSON.parse(run.checks) as CheckResult[]),
    passed: run.passed,
    failed: run.failed,
    errorMessage: run.errorMessage,
    resultSha256: run.resultSha256,
  };
}

function selectRuns(tx: Executor) {
  return tx.select({ run: probeRuns, startedByName: users.name }).from(probeRuns).leftJoin(users, eq(users.id, probeRuns.startedById));
}

function listRuns(tx: Executor, assessmentId: string, limit: number) {
  return selectRuns(tx)
    .where(eq(probeRuns.assessmentId, assessmentId))
    .orderBy(desc(probeRuns.startedAt))
    .limit(limit)
    .all()
    .map((r) => runView({ ...r.run, startedByName: r.startedByName }));
}

/** The probe page: target, recent runs and what the actor may do. */
// The page and the watcher expire abandoned runs, a write: their transactions start immediate, so a write made by
// another connection after the reads began cannot fail the upgrade with SQLITE_BUSY_SNAPSHOT (busy_timeout does
// not retry that case; seen as a 500 on the probe page while a seeding process wrote).
export function getProbePage(actor: Actor, assessmentId: string, inTeam: string) {
  return getDb().transaction((tx) => {
    const { assessment, standing } = requireAssessment(tx, actor, assessmentId, 'assessment.read', inTeam);
    expireAbandonedRuns(tx, assessment.id);
    const row = tx.select().from(probeTargets).where(eq(probeTargets.assessmentId, assessment.id)).get();
    const runs = listRuns(tx, assessment.id, 10);
    return {
      assessment,
      target: targetView(assessment.baseUrl, row),
      runs,
      canRun: can(standing, 'probe.run', { kind: 'assessment', lock: lockOf(assessment) }),
      blockedReason: probeBlockedReason(assessment.baseUrl),
    };
  }, { behavior: 'immediate' });
}

/** One run as a watcher polls it. */
export function getProbeRun(actor: Actor, assessmentId: string, runId: string): ProbeRunView {
  return getDb().transaction((tx) => {
    const { assessment } = requireAssessment(tx, actor, assessmentId, 'assessment.read');
    expireAbandonedRuns(tx, assessment.id);
    const row = selectRuns(tx).where(and(eq(probeRuns.id, runId), eq(probeRuns.assessmentId, assessment.id))).get();
    if (!row) throw new NotFoundError();
    return runView({ ...row.run, startedByName: row.startedByName });
  }, { behavior: 'immediate' });
}

/** The exact bytes of a finished run's result, which its SHA-256 was taken over, for anyone on the team to check. */
export function getProbeRunResult(actor: Actor, assessmentId: string, runId: string): { text: string; sha256: string; finishedAt: Date } {
  const db = getDb();
  const { assessment } = requireAssessment(db, actor, assessmentId, 'assessment.read');
  const run = db.select().from(probeRuns).where(and(eq(probeRuns.id, runId), eq(probeRuns.assessmentId, assessment.id))).get();
  if (!run?.result || !run.resultSha256 || !run.finishedAt) throw new NotFoundError('This run has no result yet.');
  return { text: run.result, sha256: run.resultSha256, finishedAt: run.finishedAt };
}

function authPurpose(assessmentId: string): string {
  return `probe-auth:${assessmentId}`;
}

/** Saves what the probe contacts. The sign-in header's value is sealed at once and never read back to a page. */
export function saveProbeTarget(actor: Actor, input: ProbeTargetInput): void {
  getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, input.assessmentId, 'probe.run');
      const previous = tx.select().from(probeTargets).where(eq(probeTargets.assessmentId, assessment.id)).get();
      const keepSecret = !input.forgetAuth && !input.authHeaderValue && previous?.authSecret;
      if (input.authUrl && !input.authHeaderValue && !keepSecret) throw new ValidationError('Check the sign-in fields.', { authHeaderValue: 'Paste the header value that signs in to this page.' });
      const sealed = input.authHeaderValue && !input.forgetAuth ? sealValue(keyRing(), authPurpose(assessment.id), input.authHeaderValue) : null;
      const secret = input.forgetAuth ? { authSecret: null, authKeyId: null } : sealed ? { authSecret: sealed.sealed, authKeyId: sealed.keyId } : { authSecret: previous?.authSecret ?? null, authKeyId: previous?.authKeyId ?? null };
      const uploadKept = input.descriptorMode === 'upload' && !input.descriptorText ? previous?.descriptorText : null;
      if (input.descriptorMode === 'upload' && !input.descriptorText && !uploadKept) throw new ValidationError('Check the descriptor.', { descriptorText: 'Choose the descriptor file to upload.' });
      const values = {
        extraHosts: JSON.stringify(splitHosts(input.extraHosts)),
        httpPort: input.httpPort === '' ? null : Number(input.httpPort),
        gateProbeMaxAgeDays: input.gateProbeMaxAgeDays === '' ? null : Number(input.gateProbeMaxAgeDays),
        descriptorMode: input.descriptorMode,
        descriptorUrl: input.descriptorMode === 'url' ? input.descriptorUrl : null,
        descriptorText: input.descriptorMode === 'upload' ? input.descriptorText || uploadKept || null : null,
        descriptorName: input.descriptorMode === 'upload' ? input.descriptorName || previous?.descriptorName || 'atlassian-connect.json' : null,
        manifestText: input.forgetManifest ? null : input.manifestText || previous?.manifestText || null,
        manifestName: input.forgetManifest ? null : input.manifestText ? input.manifestName || 'manifest.yml' : (previous?.manifestName ?? null),
        authUrl: input.forgetAuth ? null : input.authUrl || null,
        authHeaderName: input.forgetAuth ? null : input.authHeaderName || null,
        ...secret,
        updatedAt: new Date(),
        updatedById: actor.id,
      };
      tx.insert(probeTargets)
        .values({ assessmentId: assessment.id, ...values })
        .onConflictDoUpdate({ target: probeTargets.assessmentId, set: values })
        .run();
      appendAudit(tx, {
        action: 'probe.target-updated',
        actor,
        target: { type: 'assessment', id: assessment.id },
        // Never the header's value: only whether it changed.
        details: { assessmentId: assessment.id, hosts: JSON.parse(values.extraHosts), descriptor: values.descriptorMode, secretChanged: sealed ? 'replaced' : input.forgetAuth ? 'removed' : 'unchanged' },
      });
    },
    { behavior: 'immediate' },
  );
}

/**
 * Opens a run. The check for a running one and the insert share one immediate transaction, and a partial unique
 * index backs it, so two clicks at once start one run and the other gets a clear conflict.
 */
export function openProbeRun(actor: Actor, assessmentId: string, options: { baseUrl?: string } = {}): { runId: string; assessmentId: string } {
  return getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'probe.run');
      const blocked = options.baseUrl ? overrideBlockedReason(options.baseUrl) : probeBlockedReason(assessment.baseUrl);
      if (blocked) throw new ValidationError(blocked, options.baseUrl ? { baseUrl: blocked } : {});
      expireAbandonedRuns(tx, assessment.id);
      if (tx.select({ id: probeRuns.id }).from(probeRuns).where(and(eq(probeRuns.assessmentId, assessment.id), eq(probeRuns.state, 'running'))).get()) throw new ConflictError(RUN_ALREADY_RUNNING);
      const since = new Date(Date.now() - RUN_ABANDONED_AFTER_MS);
      const running = tx.select({ n: count() }).from(probeRuns).where(and(eq(probeRuns.state, 'running'), gte(probeRuns.startedAt, since))).get()!.n;
      if (running >= MAX_RUNS_AT_ONCE) throw new AppError(PROBE_BUSY, 429);
      const runId = randomUUID();
      tx.insert(probeRuns).values({ id: runId, assessmentId: assessment.id, startedById: actor.id, startedAt: new Date(), state: 'running', total: checkIds.length, baseUrl: options.baseUrl ?? null }).run();
      appendAudit(tx, { action: 'probe.started', actor, target: { type: 'assessment', id: assessment.id }, details: { assessmentId: assessment.id, runId, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) } });
      return { runId, assessmentId: assessment.id };
    },
    { behavior: 'immediate' },
  );
}

/** Internal to the data layer: the stored target of an assessment, for the run that is about to contact it. */
export function storedProbeTarget(tx: Executor, assessmentId: string): ProbeTargetRow | undefined {
  return tx.select().from(probeTargets).where(eq(probeTargets.assessmentId, assessmentId)).get();
}

export { authPurpose as probeAuthPurpose };

/** Sign-in headers sealed under a key other than the active one, for key rotation. */
export function listProbeSecretsNotUnderKey(activeKeyId: string): { assessmentId: string; keyId: string; sealed: string }[] {
  return getDb()
    .select({ assessmentId: probeTargets.assessmentId, keyId: probeTargets.authKeyId, sealed: probeTargets.authSecret })
    .from(probeTargets)
    .where(and(isNotNull(probeTargets.authSecret), ne(probeTargets.authKeyId, activeKeyId)))
    .all()
    .map((r) => ({ assessmentId: r.assessmentId, keyId: r.keyId ?? '', sealed: r.sealed ?? '' }));
}

/** Switches one sealed header to the new key, only if nobody changed it since it was read. */
export function setProbeSecretKey(assessmentId: string, fromKeyId: string, sealed: { keyId: string; sealed: string }): boolean {
  return getDb().update(probeTargets).set({ authKeyId: sealed.keyId, authSecret: sealed.sealed }).where(and(eq(probeTargets.assessmentId, assessmentId), eq(probeTargets.authKeyId, fromKeyId))).run().changes === 1;
}
