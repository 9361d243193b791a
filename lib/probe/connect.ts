// The five Connect checks, run against one descriptor. Only the checks that call the app touch the network, and
// only on the descriptor's baseUrl once that host is known to be the app's own.
import { checkLifecycle } from './connect-lifecycle';
import { checkModules } from './connect-modules';
import { connectResult } from './connect-result';
import { type ConnectDescriptor, type LoadedDescriptor, parseDescriptor } from './connect-descriptor';
import { reviewConnectScopes } from './connect-scopes';
import { proofOf } from './http-client';
import { type CheckId, type CheckResult, EgressRefusedError, ProbeLimitError, type ProbeClient } from './types';

export { loadDescriptor, type DescriptorLoad, type LoadedDescriptor } from './connect-descriptor';

const CONNECT_IDS = [
  'connect.authentication',
  'connect.modules-reject-unauthenticated',
  'connect.lifecycle-signed',
  'connect.scopes',
  'connect.base-url',
] as const satisfies readonly CheckId[];

export type ConnectInput = {
  descriptor: LoadedDescriptor | null;
  skipReason: string | null;
  client: ProbeClient;
  /** From loadDescriptor: the named descriptor could not be read, so the checks end as `error`. */
  failure?: string | null;
  /** From loadDescriptor: an uploaded descriptor's baseUrl must be on this URL's host. */
  targetBaseUrl?: string;
};

export async function runConnectChecks(input: ConnectInput): Promise<CheckResult[]> {
  const startedAt = Date.now();
  const all = (status: 'skip' | 'error', summary: string) => CONNECT_IDS.map((id) => connectResult(id, status, summary, [], startedAt));
  if (!input.descriptor) {
    if (input.failure) return all('error', input.failure);
    return all('skip', input.skipReason ?? 'No Connect descriptor was given.');
  }
  const parsed = parseDescriptor(input.descriptor.text);
  if (!parsed.ok) return all('error', `${parsed.message} (${input.descriptor.source})`);
  const descriptor = parsed.descriptor;
  const owner = baseUrlOwnership(descriptor.baseUrl, input.descriptor.url, input.targetBaseUrl);

  const reachable = owner.url && owner.verdict !== 'foreign' ? owner.url : null;
  // The runner's client knows the target's hosts; the descriptor's own host is added only once it is shown to be
  // the host the descriptor came from (or the target's), so a descriptor cannot point the probe at a stranger.
  if (reachable && owner.verdict === 'owned') input.client.allowHost(reachable.hostname);
  const unreachable = (id: CheckId) => connectResult(id, 'skip', owner.unreachableReason, [], Date.now());

  const [modules, lifecycle, baseUrl] = await Promise.all([
    reachable ? checkModules(descriptor.modules, reachable.href, input.client) : unreachable('connect.modules-reject-unauthenticated'),
    reachable ? checkLifecycle(descriptor.lifecycle, descriptor.key ?? 'unknown-app', reachable.href, input.client) : unreachable('connect.lifecycle-signed'),
    checkBaseUrl(descriptor, owner, input.client),
  ]);
  return [checkAuthentication(descriptor), modules, lifecycle, checkScopes(descriptor), baseUrl];
}

function checkAuthentication(descriptor: ConnectDescriptor): CheckResult {
  const startedAt = Date.now();
  const id = 'connect.authentication';
  const type = descriptor.authentication?.type;
  const proof = [`authentication: ${JSON.stringify(descriptor.authentication ?? null)}`];
  if (type === undefined) {
    return connectResult(id, 'fail', 'The descriptor sets no authentication.type, so the product signs no requests and the app cannot tell its calls from anyone else’s; set it to jwt.', proof, startedAt);
  }
  if (type.trim().toLowerCase() === 'jwt') return connectResult(id, 'pass', 'The descriptor asks the product to sign every request with a JWT (authentication.type is jwt).', proof, startedAt);
  if (type.trim().toLowerCase() === 'none') {
    return connectResult(id, 'fail', 'authentication.type is none: the product sends no JWT, so anyone can call the app as if they were the product; set it to jwt.', proof, startedAt);
  }
  return connectResult(id, 'fail', `authentication.type is "${type}", not jwt; Connect apps must use JWT authentication.`, proof, startedAt);
}

function checkScopes(descriptor: ConnectDescriptor): CheckResult {
  const startedAt = Date.now();
  const id = 'connect.scopes';
  const review = reviewConnectScopes(descriptor.scopes);
  const proof = [`scopes: ${review.scopes.length ? review.scopes.join(', ') : '(none)'}`, ...review.broad.map((b) => `${b.scope}: ${b.reason}`)];
  if (review.scopes.length === 0) return connectResult(id, 'pass', 'The descriptor requests no scopes.', proof, startedAt);
  if (review.broad.length === 0) return connectResult(id, 'pass', `The descriptor requests only ${review.scopes.join(', ')}; none of them is broad.`, proof, startedAt);
  const names = review.broad.map((b) => b.scope).join(', ');
  return connectResult(id, 'warn', `The descriptor requests ${names}; a person should name the feature that needs ${review.broad.length > 1 ? 'each' : 'it'}, or drop it.`, proof, startedAt);
}

type Ownership = {
  url: URL | null;
  /** owned: on the host the descriptor came from; foreign: on another host; unknown: nothing to compare with. */
  verdict: 'owned' | 'foreign' | 'unknown' | 'invalid';
  expectedHost: string | null;
  unreachableReason: string;
};

function baseUrlOwnership(baseUrl: string, fetchedFrom: string | null, targetBaseUrl: string | undefined): Ownership {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { url: null, verdict: 'invalid', expectedHost: null, unreachableReason: `baseUrl "${baseUrl}" is not a valid URL, so the app's URLs cannot be built.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { url: null, verdict: 'invalid', expectedHost: null, unreachableReason: `baseUrl "${baseUrl}" is not a web address, so the app's URLs cannot be built.` };
  }
  const reference = fetchedFrom ?? targetBaseUrl ?? null;
  const expectedHost = reference ? hostnameOf(reference) : null;
  if (!expectedHost) return { url, verdict: 'unknown', expectedHost, unreachableReason: '' };
  const verdict = url.hostname.toLowerCase() === expectedHost ? 'owned' : 'foreign';
  return {
    url,
    verdict,
    expectedHost,
    unreachableReason: `baseUrl's host ${url.hostname} is not ${expectedHost}, where the ${fetchedFrom ? 'descriptor was fetched from' : 'probe was pointed'}; the probe sends forged requests only to hosts it was pointed at.`,
  };
}

function hostnameOf(href: string): string | null {
  try {
    return new URL(href).hostname.toLowerCase();
  } catch {
    return null;
  }
}

async function checkBaseUrl(descriptor: ConnectDescriptor, owner: Ownership, client: ProbeClient): Promise<CheckResult> {
  const startedAt = Date.now();
  const id = 'connect.base-url';
  const proof = [`baseUrl: ${descriptor.baseUrl}`];
  const { url } = owner;
  if (!url) return connectResult(id, 'fail', owner.unreachableReason, proof, startedAt);
  const problems: string[] = [];
  if (url.protocol !== 'https:') problems.push(`it uses ${url.protocol.replace(':', '')}, not https`);
  if (owner.verdict === 'foreign') problems.push(`its host ${url.hostname} is not ${owner.expectedHost}, where the descriptor came from`);
  if (owner.verdict === 'unknown') proof.push('There was no descriptor or target host to compare baseUrl with.');
  else proof.push(`expected host: ${owner.expectedHost}`);
  // Only an https URL on the app's own host is called: the answer proves the certificate is trusted, since the
  // client verifies every certificate, and a foreign host is none of the probe's business.
  if (problems.length === 0) {
    try {
      const response = await client.request({ method: 'GET', url: url.href });
      proof.push(...response.proof);
    } catch (error) {
      proof.push(...proofOf(error));
      if (error instanceof ProbeLimitError) return connectResult(id, 'error', `baseUrl could not be checked: ${error.message}`, proof, startedAt);
      const why = error instanceof EgressRefusedError ? `the probe refused to contact it (${error.message})` : `it did not answer over TLS with a trusted certificate (${(error as Error).message})`;
      problems.push(why);
    }
  }
  if (problems.length > 0) return connectResult(id, 'fail', `baseUrl ${descriptor.baseUrl} is not acceptable: ${problems.join('; ')}.`, proof, startedAt);
  if (owner.verdict === 'unknown') {
    return connectResult(id, 'warn', `baseUrl ${url.origin} answers over TLS with a trusted certificate, but there was no host to compare it with.`, proof, startedAt);
  }
  return connectResult(id, 'pass', `baseUrl ${url.origin} is https on ${owner.expectedHost} and answered over TLS with a trusted certificate.`, proof, startedAt);
}
