// One probe run: check the target, declare its hosts to a fresh client, run every check with bounded
// concurrency under the run's deadline, and return all eighteen results in catalog order, whatever happened.
import { CHECKS } from './checks';
import { loadDescriptor, runConnectChecks } from './connect';
import { parseProbeUrl, hostOf, type LookupFn } from './egress';
import { runForgeChecks } from './forge';
import { createProbeClient, type EngineClient } from './http-client';
import {
  baselineCheck,
  cacheControlCheck,
  cookiesCheck,
  hstsCheck,
  httpsRedirectCheck,
  methodsCheck,
  PageCache,
  referrerPolicyCheck,
  versionLeakCheck,
  type HttpContext,
} from './http-checks';
import { errorMessage, type CheckOutcome } from './outcome';
import { tlsCertificateCheck, tlsCiphersCheck, tlsProtocolsCheck, type TlsHost } from './tls-checks';
import {
  checkIds,
  defaultLimits,
  type CheckId,
  type CheckResult,
  type EgressPolicy,
  type ProbeLimits,
  type ProbeProgress,
  type ProbeResult,
  type ProbeTarget,
} from './types';

export type RunOptions = {
  policy: EgressPolicy;
  limits?: Partial<ProbeLimits>;
  onProgress?: (p: ProbeProgress) => void;
  signal?: AbortSignal;
  lookup?: LookupFn;
  now?: () => Date;
};

/** A target the probe cannot run against as given; the CLI shows it as a usage error. */
export class ProbeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeTargetError';
  }
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CHECKS_AT_ONCE = 4;

function parseUrlOrThrow(input: string, what: string, httpsOnly: boolean): URL {
  let url: URL;
  try {
    url = parseProbeUrl(input, what);
  } catch (e) {
    throw new ProbeTargetError(errorMessage(e));
  }
  if (httpsOnly && url.protocol !== 'https:') throw new ProbeTargetError(`${what} must be an https URL, got ${input}`);
  return url;
}

/** `host` or `host:port` (IPv6 in brackets) → host and port, default 443. */
export function parseHostPort(input: string): TlsHost {
  let url: URL;
  try {
    url = new URL(`https://${input.trim()}`);
  } catch {
    throw new ProbeTargetError(`host "${input}" is not a host name or host:port`);
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || !url.hostname || /[/?#@]/.test(input)) {
    throw new ProbeTargetError(`host "${input}" must be a bare host name or host:port, without scheme or path`);
  }
  return { host: hostOf(url), port: Number(url.port || 443) };
}

export type ValidatedTarget = { base: URL; hosts: TlsHost[]; declared: string[] };

export function validateTarget(target: ProbeTarget): ValidatedTarget {
  if (!target || typeof target.baseUrl !== 'string' || !target.baseUrl) throw new ProbeTargetError('the target needs a base URL');
  const base = parseUrlOrThrow(target.baseUrl, 'base URL', true);
  const hosts: TlsHost[] = [{ host: hostOf(base), port: Number(base.port || 443) }];
  for (const extra of target.extraHosts ?? []) {
    const h = parseHostPort(extra);
    if (!hosts.some((k) => k.host === h.host && k.port === h.port)) hosts.push(h);
  }
  if (target.httpPort !== undefined && !(Number.isInteger(target.httpPort) && target.httpPort >= 1 && target.httpPort <= 65535)) {
    throw new ProbeTargetError(`the plain-HTTP port must be a whole number from 1 to 65535, got ${target.httpPort}`);
  }
  const declared = new Set(hosts.map((h) => h.host));
  if (target.authenticated) {
    const { url, header } = target.authenticated;
    // The credential would cross the network in clear text over http.
    declared.add(hostOf(parseUrlOrThrow(url, 'authenticated URL', true)));
    if (!header || !HEADER_NAME.test(header.name ?? '')) throw new ProbeTargetError(`the authenticated header name "${header?.name ?? ''}" is not a valid header name`);
    if (!header.value || /[\r\n\0]/.test(header.value)) throw new ProbeTargetError('the authenticated header value must be one non-empty line');
  }
  if (target.descriptor?.kind === 'url') declared.add(hostOf(parseUrlOrThrow(target.descriptor.url, 'descriptor URL', false)));
  for (const pem of target.ca ?? []) {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ProbeTargetError('each CA must be a PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
  return { base, hosts, declared: [...declared] };
}

type Task = { ids: CheckId[]; run: () => Promise<CheckResult[]> };

function stamp(id: CheckId, outcome: CheckOutcome, startedAt: number): CheckResult {
  return { id, status: outcome.status, items: CHECKS[id].items, summary: outcome.summary, proof: outcome.proof, durationMs: Date.now() - startedAt };
}

function single(id: CheckId, fn: () => Promise<CheckOutcome>): Task {
  return {
    ids: [id],
    run: async () => {
      const startedAt = Date.now();
      try {
        return [stamp(id, await fn(), startedAt)];
      } catch (e) {
        return [stamp(id, { status: 'error', summary: `The check could not finish: ${errorMessage(e)}.`, proof: [] }, startedAt)];
      }
    },
  };
}

function descriptorLabel(target: ProbeTarget, loadedSource: string | null): string | null {
  if (loadedSource) return loadedSource;
  if (target.descriptor?.kind === 'url') return `url: ${target.descriptor.url}`;
  if (target.descriptor?.kind === 'inline') return `upload: ${target.descriptor.name ?? 'descriptor'}`;
  return null;
}

export async function runProbe(target: ProbeTarget, opts: RunOptions): Promise<ProbeResult> {
  const { base, hosts, declared } = validateTarget(target);
  const limits: ProbeLimits = { ...defaultLimits, ...opts.limits };
  const now = opts.now ?? (() => new Date());
  const startedAt = now();

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.totalTimeMs);
  const onOuterAbort = () => deadline.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) deadline.abort();

  const client: EngineClient = createProbeClient({
    policy: opts.policy,
    limits,
    allowedHosts: declared,
    ca: target.ca,
    authHeader: target.authenticated ? { url: target.authenticated.url, ...target.authenticated.header } : undefined,
    lookup: opts.lookup,
    signal: deadline.signal,
  });
  const ctx: HttpContext = { client, baseUrl: base.href, hosts, httpPort: target.httpPort, authenticatedUrl: target.authenticated?.url ?? null };
  const pages = new PageCache(ctx);
  let descriptorSource: string | null = null;

  const tasks: Task[] = [
    single('tls.protocols', () => tlsProtocolsCheck(client, hosts)),
    single('tls.ciphers', () => tlsCiphersCheck(client, hosts)),
    single('tls.certificate', () => tlsCertificateCheck(client, hosts, now())),
    single('https.redirect', () => httpsRedirectCheck(ctx)),
    single('hsts.max-age', () => hstsCheck(pages)),
    single('http.methods', () => methodsCheck(ctx)),
    single('http.cache-control', () => cacheControlCheck(pages)),
    single('http.referrer-policy', () => referrerPolicyCheck(pages)),
    single('cookies.flags', () => cookiesCheck(pages)),
    single('headers.baseline', () => baselineCheck(pages)),
    single('headers.version-leak', () => versionLeakCheck(pages)),
    {
      ids: ['connect.authentication', 'connect.modules-reject-unauthenticated', 'connect.lifecycle-signed', 'connect.scopes', 'connect.base-url'],
      run: async () => {
        const load = await loadDescriptor(target, client);
        descriptorSource = load.descriptor?.source ?? null;
        return runConnectChecks({ ...load, client });
      },
    },
    { ids: ['forge.egress', 'forge.scopes'], run: async () => runForgeChecks(target.manifest) },
  ];

  const results = new Map<CheckId, CheckResult>();
  const total = checkIds.length;
  const record = (r: CheckResult) => {
    if (results.has(r.id) || !checkIds.includes(r.id)) return;
    results.set(r.id, { ...r, items: CHECKS[r.id].items });
    opts.onProgress?.({ done: results.size, total, check: results.get(r.id)! });
  };
  const failTask = (task: Task, summary: string, taskStart: number) => {
    for (const id of task.ids) record(stamp(id, { status: 'error', summary, proof: [] }, taskStart));
  };

  const deadlineReached = new Promise<'deadline'>((resolve) => {
    if (deadline.signal.aborted) resolve('deadline');
    deadline.signal.addEventListener('abort', () => resolve('deadline'), { once: true });
  });
  const lateSummary = `The check did not finish within the run's time limit of ${Math.round(limits.totalTimeMs / 1000)} s.`;

  async function runTask(task: Task): Promise<void> {
    const taskStart = Date.now();
    if (deadline.signal.aborted) return failTask(task, lateSummary, taskStart);
    try {
      const outcome = await Promise.race([task.run(), deadlineReached]);
      if (outcome === 'deadline') return failTask(task, lateSummary, taskStart);
      for (const r of outcome) record(r);
      // A task that forgot one of its ids still yields a result for it: every run reports all eighteen.
      failTask(task, 'The check returned no result.', taskStart);
    } catch (e) {
      failTask(task, `The check could not finish: ${errorMessage(e)}.`, taskStart);
    }
  }

  try {
    const queue = [...tasks];
    await Promise.all(
      Array.from({ length: CHECKS_AT_ONCE }, async () => {
        for (let task = queue.shift(); task; task = queue.shift()) await runTask(task);
      }),
    );
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }

  return {
    version: 1,
    target: {
      baseUrl: base.href,
      hosts: hosts.map((h) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`),
      descriptor: descriptorLabel(target, descriptorSource),
      manifest: target.manifest ? (target.manifest.name ?? 'manifest.yml') : null,
      authenticatedUrl: target.authenticated?.url ?? null,
    },
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    checks: checkIds.map((id) => results.get(id)!),
    stats: client.stats(),
  };
}
