// connect.lifecycle-signed: the install hooks receive each installation's shared secret, so a forged install
// that is accepted lets an attacker register a site of their own choosing, or overwrite a real one's secret.
import { connectResult } from './connect-result';
import { createInstallSigner, forgeLifecycleTokens, installPayload, type InstallSigner } from './connect-jwt';
import { type Attempt, examples, proofLine, sendAttempt } from './connect-send';
import { resolveAppUrl } from './connect-urls';
import type { CheckResult, ProbeClient } from './types';

const ID = 'connect.lifecycle-signed' as const;
const HOOKS = ['installed', 'uninstalled', 'enabled', 'disabled'] as const;

type Lifecycle = Partial<Record<(typeof HOOKS)[number], string | undefined>>;

async function attemptsFor(hook: string, url: string, appKey: string, appBaseUrl: string, signer: InstallSigner): Promise<Attempt[]> {
  // A fresh payload each time, so no attempt looks like a re-install of an earlier one.
  const fresh = () => installPayload(hook, appKey);
  const [unsigned, none, foreign, own] = [fresh(), fresh(), fresh(), fresh()] as const;
  const noneTokens = await forgeLifecycleTokens(url, appBaseUrl, none, signer);
  const foreignTokens = await forgeLifecycleTokens(url, appBaseUrl, foreign, signer);
  const ownTokens = await forgeLifecycleTokens(url, appBaseUrl, own, signer);
  const label = (what: string) => `${hook}: ${what}`;
  return [
    { method: 'POST', url, forgery: label('no JWT'), via: null, token: null, body: JSON.stringify(unsigned) },
    { method: 'POST', url, forgery: label('alg none'), via: 'header', token: noneTokens.algNone, body: JSON.stringify(none) },
    { method: 'POST', url, forgery: label('RS256 from a key not published by Atlassian'), via: 'header', token: foreignTokens.foreignKey, body: JSON.stringify(foreign) },
    { method: 'POST', url, forgery: label("HS256 signed with the payload's own sharedSecret"), via: 'header', token: ownTokens.payloadSecret, body: JSON.stringify(own) },
  ];
}

export async function checkLifecycle(lifecycle: Lifecycle | undefined, appKey: string, baseUrl: string, client: ProbeClient): Promise<CheckResult> {
  const startedAt = Date.now();
  const proof: string[] = [];
  const origin = new URL(baseUrl).origin;
  const hooks: { hook: string; url: string }[] = [];
  for (const hook of HOOKS) {
    const raw = lifecycle?.[hook];
    if (!raw) continue;
    const url = resolveAppUrl(raw, baseUrl);
    if (!url) proof.push(`not checked: lifecycle.${hook} ${raw}: not a valid URL`);
    else if (url.origin !== origin) proof.push(`not checked: lifecycle.${hook} ${raw}: not on ${origin}`);
    else hooks.push({ hook, url: url.href });
  }
  // Judgement: a Connect app with no installed hook never receives the shared secret, so it cannot verify any JWT
  // the product sends. That is not proof of a hole (a static app may need no secret), hence warn rather than fail.
  const noInstalled = !lifecycle?.installed;
  const installedNote = 'The descriptor declares no lifecycle.installed hook, so the app cannot receive the shared secret it needs to verify the product’s JWTs.';
  if (hooks.length === 0) {
    if (noInstalled) return connectResult(ID, 'warn', installedNote, proof, startedAt);
    return connectResult(ID, 'skip', `No lifecycle hook is on ${origin}, so there is nothing to call.`, proof, startedAt);
  }

  const signer = await createInstallSigner();
  const attempts = (await Promise.all(hooks.map((h) => attemptsFor(h.hook, h.url, appKey, baseUrl, signer)))).flat();
  const outcomes = await Promise.all(attempts.map((attempt) => sendAttempt(client, attempt)));
  proof.push(...outcomes.map(proofLine));
  const accepted = outcomes.filter((o) => o.verdict === 'accepted');
  const notSent = outcomes.filter((o) => o.verdict === 'not-sent');
  const other = outcomes.filter((o) => o.verdict === 'other');
  const hookNames = hooks.map((h) => h.hook).join(', ');

  if (accepted.length > 0) {
    proof.push('First accepted request:', ...(accepted[0]?.response?.proof ?? []));
    return connectResult(ID, 'fail', `${accepted.length} forged lifecycle calls were accepted: ${examples(accepted)}. Lifecycle hooks must verify Atlassian's RS256 signature.`, proof, startedAt);
  }
  if (notSent.length > 0) return connectResult(ID, 'error', `${notSent.length} of ${outcomes.length} lifecycle calls could not be sent: ${notSent[0]?.answer}.`, proof, startedAt);
  if (other.length > 0) {
    return connectResult(ID, 'warn', `No forged lifecycle call was accepted, but ${other.length} answers were neither 401 nor 403: ${examples(other)}.`, proof, startedAt);
  }
  if (noInstalled) return connectResult(ID, 'warn', `${installedNote} The declared hooks (${hookNames}) refused every forged call.`, proof, startedAt);
  return connectResult(ID, 'pass', `The lifecycle hooks (${hookNames}) refused unsigned, alg-none, foreign-key RS256 and self-signed HS256 calls (${outcomes.length} requests, each 401 or 403).`, proof, startedAt);
}
