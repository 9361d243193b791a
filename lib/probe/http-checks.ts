// HTTP-level checks: the plain-HTTP redirect, HSTS, TRACE/TRACK, caching of signed-in pages, Referrer-Policy,
// cookie flags, the baseline headers and version leaks. The verdicts are pure functions of header values (below,
// tested case by case); the fetching above them asks each page once and shares the answer between checks.
import { randomBytes } from 'node:crypto';
import { hostOf } from './egress';
import { proofOf, type EngineClient, type EngineResponse } from './http-client';
import { combineHosts, errorMessage, type CheckOutcome, type HostOutcome } from './outcome';
import { EgressRefusedError, ProbeLimitError } from './types';

export const HSTS_MIN_MAX_AGE = 31_536_000;

// ---------------------------------------------------------------- pure header analysis

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(value: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && quoted && i + 1 < value.length) {
      current += ch + value[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

/** Directive name (lower-cased) → value ('' when it has none), in order; repeated names kept for the caller. */
export function parseDirectives(value: string, sep = ';'): { name: string; value: string }[] {
  return splitOutsideQuotes(value, sep)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? { name: part.toLowerCase(), value: '' } : { name: part.slice(0, eq).trim().toLowerCase(), value: unquote(part.slice(eq + 1)) };
    });
}

export type Hsts = { maxAge: number | null; includeSubDomains: boolean; preload: boolean; problem: string | null };

/** RFC 6797 §6.1: case-insensitive names, quoted or bare values, each directive at most once; only the first header counts. */
export function parseHsts(header: string): Hsts {
  // Several headers arrive joined with ", "; a user agent obeys only the first (§8.1).
  const first = splitOutsideQuotes(header, ',')[0] ?? '';
  const directives = parseDirectives(first);
  const seen = new Set<string>();
  let problem: string | null = null;
  for (const d of directives) {
    if (seen.has(d.name)) problem = `the ${d.name} directive appears twice, so browsers ignore the header`;
    seen.add(d.name);
  }
  const maxAgeRaw = directives.find((d) => d.name === 'max-age')?.value;
  let maxAge: number | null = null;
  if (maxAgeRaw === undefined) problem ??= 'max-age is missing';
  else if (!/^\d+$/.test(maxAgeRaw)) problem ??= `max-age "${maxAgeRaw}" is not a whole number`;
  else maxAge = Number(maxAgeRaw);
  return { maxAge, includeSubDomains: seen.has('includesubdomains'), preload: seen.has('preload'), problem };
}

export function assessHsts(header: string | undefined): Omit<CheckOutcome, 'proof'> {
  if (header === undefined) return { status: 'fail', summary: 'No Strict-Transport-Security header.' };
  const h = parseHsts(header);
  if (h.problem) return { status: 'fail', summary: `Strict-Transport-Security is invalid: ${h.problem}.` };
  const subs = h.includeSubDomains ? ' with includeSubDomains' : ' without includeSubDomains';
  if (h.maxAge! < HSTS_MIN_MAX_AGE) {
    return { status: 'fail', summary: `HSTS max-age is ${h.maxAge} seconds${subs}; it must be at least ${HSTS_MIN_MAX_AGE} (one year).` };
  }
  return { status: 'pass', summary: `HSTS max-age ${h.maxAge} seconds${subs}${h.preload ? ', preload' : ''}.` };
}

export function hasNoStore(cacheControl: string | undefined): boolean {
  if (!cacheControl) return false;
  return parseDirectives(cacheControl, ',').some((d) => d.name === 'no-store');
}

const REFERRER_POLICIES = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'same-origin',
  'origin',
  'strict-origin',
  'origin-when-cross-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);
const LEAKY_REFERRER_POLICIES = new Set(['unsafe-url', 'no-referrer-when-downgrade']);

/** The policy a browser applies: the last token it recognises (unknown ones are skipped, for fallbacks). */
export function effectiveReferrerPolicy(header: string | undefined): string | null {
  if (!header) return null;
  const tokens = header.split(',').map((t) => unquote(t).toLowerCase()).filter((t) => REFERRER_POLICIES.has(t));
  return tokens.at(-1) ?? null;
}

export function assessReferrerPolicy(header: string | undefined): Omit<CheckOutcome, 'proof'> {
  const policy = effectiveReferrerPolicy(header);
  if (!policy) {
    return {
      status: 'fail',
      summary: header ? `Referrer-Policy "${header}" names no policy browsers know.` : 'No Referrer-Policy header (older browsers then send full URLs, tokens and all).',
    };
  }
  if (LEAKY_REFERRER_POLICIES.has(policy)) {
    return { status: 'fail', summary: `Referrer-Policy is ${policy}: full URLs, with any tokens in them, go to other sites.` };
  }
  return { status: 'pass', summary: `Referrer-Policy is ${policy}.` };
}

export type SetCookie = { name: string; secure: boolean; httpOnly: boolean; sameSite: string | null; deletes: boolean };

export function parseSetCookie(line: string): SetCookie {
  const [pair = '', ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  const name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
  const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
  const parsed = attrs.map((a) => {
    const i = a.indexOf('=');
    return i < 0 ? { k: a.trim().toLowerCase(), v: '' } : { k: a.slice(0, i).trim().toLowerCase(), v: a.slice(i + 1).trim() };
  });
  const get = (k: string) => parsed.filter((a) => a.k === k).at(-1);
  const maxAge = get('max-age')?.v;
  const expires = get('expires')?.v;
  const deletes = (maxAge !== undefined && /^-?\d+$/.test(maxAge) && Number(maxAge) <= 0)
    || (maxAge === undefined && expires !== undefined && Date.parse(expires) < Date.now() - 86_400_000)
    || value === '';
  const sameSite = get('samesite')?.v;
  return { name, secure: !!get('secure'), httpOnly: !!get('httponly'), sameSite: sameSite ? sameSite.toLowerCase() : null, deletes };
}

export function assessCookies(cookies: { source: string; line: string }[]): Omit<CheckOutcome, 'proof'> {
  const live = cookies.map((c) => ({ ...c, cookie: parseSetCookie(c.line) })).filter((c) => !c.cookie.deletes);
  if (live.length === 0) return { status: 'skip', summary: 'No cookies were set; give a signed-in URL (--auth-url with --header) so the session cookie is seen.' };
  const bad: string[] = [];
  const sameSiteNone: string[] = [];
  for (const { cookie } of live) {
    const missing = [
      ...(cookie.secure ? [] : ['Secure']),
      ...(cookie.httpOnly ? [] : ['HttpOnly']),
      ...(cookie.sameSite === 'lax' || cookie.sameSite === 'strict' || cookie.sameSite === 'none' ? [] : ['SameSite']),
    ];
    if (missing.length) bad.push(`${cookie.name || '(unnamed)'} lacks ${missing.join(', ')}`);
    else if (cookie.sameSite === 'none') sameSiteNone.push(cookie.name);
  }
  const names = [...new Set(live.map((c) => c.cookie.name))].join(', ');
  if (bad.length) return { status: 'fail', summary: `Cookie flags missing: ${bad.join('; ')}.` };
  if (sameSiteNone.length) {
    return { status: 'warn', summary: `${sameSiteNone.join(', ')} use SameSite=None (needed only inside a product iframe; say why); the rest are Secure, HttpOnly and SameSite.` };
  }
  return { status: 'pass', summary: `Every cookie (${names}) is Secure, HttpOnly and SameSite.` };
}

export function assessBaseline(headers: Record<string, string>): Omit<CheckOutcome, 'proof'> {
  const missing: string[] = [];
  const csp = headers['content-security-policy'];
  if (!csp) missing.push('Content-Security-Policy');
  if ((headers['x-content-type-options'] ?? '').trim().toLowerCase() !== 'nosniff') missing.push('X-Content-Type-Options: nosniff');
  const frameAncestors = csp ? parseDirectives(csp).some((d) => d.name.startsWith('frame-ancestors')) : false;
  const xfo = (headers['x-frame-options'] ?? '').trim().toLowerCase();
  if (!frameAncestors && xfo !== 'deny' && xfo !== 'sameorigin') missing.push('framing protection (CSP frame-ancestors or X-Frame-Options)');
  if (missing.length) return { status: 'fail', summary: `Missing: ${missing.join('; ')}.` };
  return { status: 'pass', summary: `CSP, nosniff and ${frameAncestors ? 'CSP frame-ancestors' : `X-Frame-Options ${xfo.toUpperCase()}`} sent.` };
}

const VERSION_HEADERS = ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version'];

export function assessVersionLeak(headers: Record<string, string>): Omit<CheckOutcome, 'proof'> {
  const leaks = VERSION_HEADERS.filter((h) => headers[h] !== undefined && /\d/.test(headers[h]!)).map((h) => `${h}: ${headers[h]}`);
  if (leaks.length) {
    return {
      status: 'warn',
      summary: `Versions announced (${leaks.join('; ')}): attackers match them to known flaws. Keep that software patched and drop the version from the header.`,
    };
  }
  return { status: 'pass', summary: 'No version numbers in Server or X-Powered-By.' };
}

export function assessRedirect(status: number, location: string | undefined, requestUrl: URL): Omit<CheckOutcome, 'proof'> {
  if (![301, 302, 307, 308].includes(status)) {
    return { status: 'fail', summary: `Plain HTTP answered ${status} instead of redirecting to HTTPS${status >= 200 && status < 300 ? ' (content served without TLS)' : ''}.` };
  }
  if (!location) return { status: 'fail', summary: `Plain HTTP answered ${status} without a Location.` };
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return { status: 'fail', summary: `Plain HTTP redirects to "${location}", which is not a URL.` };
  }
  if (target.protocol !== 'https:') return { status: 'fail', summary: `Plain HTTP redirects to ${target.href}, which is not HTTPS.` };
  if (hostOf(target) !== hostOf(requestUrl)) {
    return { status: 'fail', summary: `Plain HTTP redirects to another host (${target.host}); the first hop must go to https://${requestUrl.hostname}.` };
  }
  return { status: 'pass', summary: `Plain HTTP answers ${status} to ${target.href}.` };
}

// ---------------------------------------------------------------- fetching

export type HttpHost = { host: string; port: number };

export type HttpContext = {
  client: EngineClient;
  baseUrl: string;
  /** The base URL's host first, then the extra hosts. */
  hosts: HttpHost[];
  httpPort?: number;
  authenticatedUrl: string | null;
};

type Page = { url: string; response: EngineResponse } | { url: string; error: unknown };

/** Each page fetched once per run, whichever check asks first. */
export class PageCache {
  private readonly pages = new Map<string, Promise<Page>>();
  constructor(private readonly ctx: HttpContext) {}

  private get(url: string, authenticate: boolean): Promise<Page> {
    const key = `${authenticate ? 'auth' : 'anon'} ${url}`;
    let p = this.pages.get(key);
    if (!p) {
      p = this.ctx.client
        .request({ method: 'GET', url, authenticate, followRedirects: !authenticate })
        .then((response): Page => ({ url, response }), (error: unknown): Page => ({ url, error }));
      this.pages.set(key, p);
    }
    return p;
  }

  /** The base URL itself for the first host, the root of each extra host. */
  hostPages(): Promise<Page[]> {
    return Promise.all(this.ctx.hosts.map((h, i) => this.get(i === 0 ? this.ctx.baseUrl : rootUrl(h), false)));
  }

  basePage(): Promise<Page> {
    return this.get(this.ctx.baseUrl, false);
  }

  authenticatedPage(): Promise<Page | null> {
    return this.ctx.authenticatedUrl ? this.get(this.ctx.authenticatedUrl, true) : Promise.resolve(null);
  }
}

function rootUrl(h: HttpHost): string {
  const host = h.host.includes(':') ? `[${h.host}]` : h.host;
  return `https://${host}${h.port === 443 ? '' : `:${h.port}`}/`;
}

function pageError(page: Page & { error: unknown }): HostOutcome {
  return { host: page.url, status: 'error', summary: `Could not fetch ${page.url}: ${errorMessage(page.error)}.`, proof: proofOf(page.error) };
}

function headerLines(response: EngineResponse, names: string[]): string[] {
  // The response's own status and the headers the verdict rests on, before the full exchange.
  const wanted = response.proof.filter((l) => l.startsWith('< HTTP/') || names.some((n) => l.toLowerCase().startsWith(`< ${n}:`)));
  return wanted.length ? wanted : response.proof;
}

async function perPage(pages: Promise<(Page | null)[]>, names: string[], assess: (r: EngineResponse) => Omit<CheckOutcome, 'proof'>): Promise<CheckOutcome> {
  const outcomes = (await pages).filter((p): p is Page => p !== null).map((page): HostOutcome => {
    if ('error' in page) return pageError(page);
    return { host: page.url, ...assess(page.response), proof: headerLines(page.response, names) };
  });
  return combineHosts(outcomes, 'pages');
}

export function hstsCheck(pages: PageCache): Promise<CheckOutcome> {
  return perPage(pages.hostPages(), ['strict-transport-security'], (r) => assessHsts(r.headers['strict-transport-security']));
}

export async function referrerPolicyCheck(pages: PageCache): Promise<CheckOutcome> {
  return perPage(Promise.all([pages.hostPages(), pages.authenticatedPage()]).then(([h, a]) => [...h, a]), ['referrer-policy'], (r) =>
    assessReferrerPolicy(r.headers['referrer-policy']),
  );
}

export function baselineCheck(pages: PageCache): Promise<CheckOutcome> {
  return perPage(
    Promise.all([pages.hostPages(), pages.authenticatedPage()]).then(([h, a]) => [...h, a]),
    ['content-security-policy', 'x-content-type-options', 'x-frame-options'],
    (r) => assessBaseline(r.headers),
  );
}

export function versionLeakCheck(pages: PageCache): Promise<CheckOutcome> {
  return perPage(Promise.all([pages.hostPages(), pages.authenticatedPage()]).then(([h, a]) => [...h, a]), VERSION_HEADERS, (r) =>
    assessVersionLeak(r.headers),
  );
}

export async function cookiesCheck(pages: PageCache): Promise<CheckOutcome> {
  const fetched = [await pages.basePage(), await pages.authenticatedPage()].filter((p): p is Page => p !== null);
  const failed = fetched.find((p): p is Page & { error: unknown } => 'error' in p);
  if (failed) return { status: 'error', summary: `Could not fetch ${failed.url}: ${errorMessage(failed.error)}.`, proof: proofOf(failed.error) };
  const cookies = fetched.flatMap((p) => ('response' in p ? p.response.everySetCookie.map((line) => ({ source: p.url, line })) : []));
  const proof = fetched.flatMap((p) => ('response' in p ? [`${p.url}:`, ...headerLines(p.response, ['set-cookie'])] : []));
  return { ...assessCookies(cookies), proof };
}

export async function cacheControlCheck(pages: PageCache): Promise<CheckOutcome> {
  const auth = await pages.authenticatedPage();
  const page = auth ?? (await pages.basePage());
  const note = auth ? '' : ' No authenticated URL was given, so the base URL was checked; give --auth-url with --header to check a signed-in page.';
  if ('error' in page) return { status: 'error', summary: `Could not fetch ${page.url}: ${errorMessage(page.error)}.`, proof: proofOf(page.error) };
  const r = page.response;
  const proof = headerLines(r, ['cache-control', 'pragma', 'location']);
  if (auth && (r.status < 200 || r.status >= 300)) {
    return { status: 'error', summary: `The authenticated URL answered ${r.status}, so the header given does not sign in; check it and run again.`, proof };
  }
  const cc = r.headers['cache-control'];
  if (hasNoStore(cc)) return { status: 'pass', summary: `${page.url} is sent with Cache-Control: ${cc}.${note}`, proof };
  return {
    status: 'fail',
    summary: `${page.url} is cacheable (${cc ? `Cache-Control: ${cc}` : 'no Cache-Control'}); pages with personal data need no-store.${note}`,
    proof,
  };
}

export async function httpsRedirectCheck(ctx: HttpContext): Promise<CheckOutcome> {
  const base = new URL(ctx.baseUrl);
  if (base.port && ctx.httpPort === undefined) {
    return { status: 'skip', summary: `The base URL uses port ${base.port}, so the plain-HTTP port cannot be guessed; give it with --http-port.`, proof: [] };
  }
  const url = new URL(`http://${base.host}/`);
  url.port = String(ctx.httpPort ?? 80);
  try {
    const r = await ctx.client.request({ method: 'GET', url: url.href });
    return { ...assessRedirect(r.status, r.headers.location, url), proof: headerLines(r, ['location', 'strict-transport-security']) };
  } catch (e) {
    if (e instanceof EgressRefusedError || e instanceof ProbeLimitError) throw e;
    return {
      status: 'warn',
      summary: `Nothing answered plain HTTP at ${url.host} (${errorMessage(e)}): nothing leaks in clear text, but people typing the bare name get an error instead of the app.`,
      proof: proofOf(e),
    };
  }
}

export async function methodsCheck(ctx: HttpContext): Promise<CheckOutcome> {
  const canary = randomBytes(8).toString('hex');
  const proof: string[] = [];
  const problems: string[] = [];
  const answers: string[] = [];
  for (const method of ['TRACE', 'TRACK']) {
    try {
      const r = await ctx.client.request({ method, url: ctx.baseUrl, headers: { 'X-Probe-Canary': canary } });
      proof.push(...r.proof.filter((l) => !l.startsWith('< ') || l.startsWith('< HTTP/')));
      const body = r.body.toString('latin1');
      if (body.includes(canary) || body.startsWith(`${method} `)) {
        proof.push(`* the body echoes the request: ${JSON.stringify(body.slice(0, 120))}`);
        problems.push(`${method} echoes the request back (cross-site tracing)`);
      } else if (r.status >= 200 && r.status < 300) problems.push(`${method} is answered ${r.status}`);
      answers.push(`${method} ${r.status}`);
    } catch (e) {
      if (e instanceof EgressRefusedError || e instanceof ProbeLimitError) throw e;
      // A server that hangs up on an unknown method has refused it as surely as a 405.
      proof.push(...proofOf(e));
      answers.push(`${method} closed the connection`);
    }
  }
  if (problems.length) return { status: 'fail', summary: `${problems.join('; ')}; disable these methods.`, proof };
  return { status: 'pass', summary: `TRACE and TRACK are refused (${answers.join(', ')}).`, proof };
}
