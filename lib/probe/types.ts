// The probe's contract: what it is pointed at, what it may touch, and what it reports. The engine in this
// folder needs neither a database nor Next, so the command line runs it in any pipeline.

export const checkStatuses = ['pass', 'fail', 'warn', 'error', 'skip'] as const;
export type CheckStatus = (typeof checkStatuses)[number];

export const checkIds = [
  'tls.protocols',
  'tls.ciphers',
  'tls.certificate',
  'https.redirect',
  'hsts.max-age',
  'http.methods',
  'http.cache-control',
  'http.referrer-policy',
  'cookies.flags',
  'headers.baseline',
  'headers.version-leak',
  'connect.authentication',
  'connect.modules-reject-unauthenticated',
  'connect.lifecycle-signed',
  'connect.scopes',
  'connect.base-url',
  'forge.egress',
  'forge.scopes',
] as const;
export type CheckId = (typeof checkIds)[number];

export type CheckResult = {
  id: CheckId;
  status: CheckStatus;
  /** Catalog item ids this check verifies (from CHECKS in checks.ts). */
  items: string[];
  /** One sentence a person understands: what was found, or why the check could not run. */
  summary: string;
  /** Raw evidence: request and response lines, TLS facts. Secrets (auth header, cookie values) are redacted. */
  proof: string[];
  durationMs: number;
};

/** What the team points the probe at. Everything but baseUrl is optional. */
export type ProbeTarget = {
  /** https URL of the app. */
  baseUrl: string;
  /** More hosts the team lists (`host` or `host:port`), checked for TLS, HSTS and headers like the base URL. */
  extraHosts?: string[];
  /** Plain-http port for `https.redirect` when the base URL uses a non-default port (else 80). */
  httpPort?: number;
  /**
   * Connect descriptor. `undefined`: try `<baseUrl>/atlassian-connect.json` and skip the Connect checks when
   * there is none. `{ kind: 'none' }`: not a Connect app.
   */
  descriptor?: { kind: 'url'; url: string } | { kind: 'inline'; text: string; name?: string } | { kind: 'none' };
  /** Forge `manifest.yml` text. */
  manifest?: { text: string; name?: string };
  /** A signed-in page and the header that signs in (e.g. `Cookie: session=…` or `Authorization: Bearer …`). */
  authenticated?: { url: string; header: { name: string; value: string } };
  /** Extra trusted roots (PEM) for a private CA, beside the system roots. */
  ca?: string[];
};

/** Who the probe may contact. Loopback, private, link-local and metadata ranges are refused unless allowed. */
export type EgressPolicy = {
  /** `--allow-private`: loopback and private ranges become reachable (link-local and metadata still refused). */
  allowPrivate: boolean;
  /** PROBE_ALLOW_HOSTS: host names, IP addresses or CIDR ranges that may be contacted even when private. */
  allowHosts: string[];
};

export type ProbeLimits = {
  maxRequests: number;
  /** Bytes read per response body; the rest is discarded and the response marked truncated. */
  maxBodyBytes: number;
  requestTimeoutMs: number;
  /** Whole run; checks still pending when it runs out end as `error`. */
  totalTimeMs: number;
  concurrency: number;
  maxRedirects: number;
};

export const defaultLimits: ProbeLimits = {
  maxRequests: 1000,
  maxBodyBytes: 256 * 1024,
  requestTimeoutMs: 10_000,
  totalTimeMs: 120_000,
  concurrency: 8,
  maxRedirects: 5,
};

export type ProbeRequest = {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Follow redirects (only to allowed hosts, each hop checked again). Default false. */
  followRedirects?: boolean;
};

export type ProbeResponse = {
  /** Final URL after any redirects followed. */
  url: string;
  status: number;
  statusText: string;
  /** Header names lower-cased; repeated headers joined with ', ' except set-cookie. */
  headers: Record<string, string>;
  setCookies: string[];
  body: Buffer;
  truncated: boolean;
  /** The pinned address actually connected to. */
  remoteAddress: string;
  /** Request and response lines for the proof, secrets redacted. */
  proof: string[];
};

/** Raised when a destination is refused by the egress policy; checks report it, never swallow it. */
export class EgressRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefusedError';
  }
}

/** Raised when a request, byte or time budget runs out. */
export class ProbeLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeLimitError';
  }
}

export interface ProbeClient {
  request(req: ProbeRequest): Promise<ProbeResponse>;
  /** Declares one more host the run may contact (a descriptor's baseUrl host); the address policy still applies. */
  allowHost(hostname: string): void;
  stats(): { requests: number; bytesRead: number };
}

export type ProbeProgress = { done: number; total: number; check: CheckResult };

export type ProbeResult = {
  version: 1;
  target: { baseUrl: string; hosts: string[]; descriptor: string | null; manifest: string | null; authenticatedUrl: string | null };
  startedAt: string;
  finishedAt: string;
  checks: CheckResult[];
  stats: { requests: number; bytesRead: number };
};
