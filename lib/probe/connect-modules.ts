// connect.modules-reject-unauthenticated: every module and webhook URL, called the way an attacker would.
import { connectResult } from './connect-result';
import { forgeModuleTokens } from './connect-jwt';
import { type Attempt, examples, proofLine, sendAttempt } from './connect-send';
import { collectAppUrls, findModuleUrls } from './connect-urls';
import type { CheckResult, ProbeClient } from './types';

/** Eight requests per URL; 100 URLs stay well inside the default budget of 1000 requests a run. */
export const MAX_MODULE_URLS = 100;

const ID = 'connect.modules-reject-unauthenticated' as const;

async function attemptsFor(url: string, baseUrl: string): Promise<Attempt[]> {
  const get = await forgeModuleTokens('GET', url, baseUrl);
  const post = await forgeModuleTokens('POST', url, baseUrl);
  const wrong = 'HS256 signed with a wrong secret';
  const none = 'alg none';
  return [
    { method: 'GET', url, forgery: 'no JWT', via: null, token: null },
    { method: 'GET', url, forgery: wrong, via: 'header', token: get.wrongSecret },
    { method: 'GET', url, forgery: wrong, via: 'query', token: get.wrongSecret },
    { method: 'GET', url, forgery: none, via: 'header', token: get.algNone },
    { method: 'GET', url, forgery: none, via: 'query', token: get.algNone },
    { method: 'POST', url, forgery: 'no JWT', via: null, token: null, body: '{}' },
    { method: 'POST', url, forgery: wrong, via: 'header', token: post.wrongSecret, body: '{}' },
    { method: 'POST', url, forgery: none, via: 'header', token: post.algNone, body: '{}' },
  ];
}

export async function checkModules(modules: unknown, baseUrl: string, client: ProbeClient): Promise<CheckResult> {
  const startedAt = Date.now();
  const { urls, skipped } = collectAppUrls(findModuleUrls(modules), baseUrl);
  const proof = skipped.map((s) => `not checked: ${s.raw} (${s.from}): ${s.reason}`);
  if (urls.length === 0) {
    return connectResult(ID, 'skip', 'The descriptor declares no module or webhook URL on its baseUrl, so there is nothing to call.', proof, startedAt);
  }
  const checked = urls.slice(0, MAX_MODULE_URLS);
  const cut = urls.length > checked.length ? ` (only the first ${checked.length} of ${urls.length} URLs were checked)` : '';
  if (cut) proof.unshift(`${urls.length} module URLs found; the probe checks at most ${MAX_MODULE_URLS}, so ${urls.length - checked.length} were not called.`);

  const attempts = (await Promise.all(checked.map((u) => attemptsFor(u.url, baseUrl)))).flat();
  const outcomes = await Promise.all(attempts.map((attempt) => sendAttempt(client, attempt)));
  proof.push(...outcomes.map(proofLine));

  const accepted = outcomes.filter((o) => o.verdict === 'accepted');
  const notSent = outcomes.filter((o) => o.verdict === 'not-sent');
  const other = outcomes.filter((o) => o.verdict === 'other');
  if (accepted.length > 0) {
    proof.push('First accepted request:', ...(accepted[0]?.response?.proof ?? []));
    return connectResult(ID, 'fail', `${accepted.length} of ${outcomes.length} requests without a valid JWT were accepted${cut}: ${examples(accepted)}.`, proof, startedAt);
  }
  if (notSent.length > 0) {
    return connectResult(ID, 'error', `${notSent.length} of ${outcomes.length} requests could not be sent${cut}: ${notSent[0]?.answer}.`, proof, startedAt);
  }
  if (other.length > 0) {
    return connectResult(
      ID,
      'warn',
      `No request without a valid JWT was accepted, but ${other.length} of ${outcomes.length} answers were neither 401 nor 403${cut}: ${examples(other)}. Check that these routes refuse unsigned calls.`,
      proof,
      startedAt,
    );
  }
  // Unvisited URLs are unverified, so a cut run cannot pass outright.
  return connectResult(
    ID,
    cut ? 'warn' : 'pass',
    `All ${checked.length} module URLs refused requests with no JWT, a wrong-secret JWT and an alg-none JWT (${outcomes.length} requests, each 401 or 403)${cut}.`,
    proof,
    startedAt,
  );
}
