// Forge checks read manifest.yml only: Forge apps run on Atlassian's platform, so there is nothing to call.
import { parse as parseYaml } from 'yaml';
import { CHECKS } from './checks';
import type { CheckId, CheckResult, CheckStatus, ProbeTarget } from './types';

const FORGE_IDS = ['forge.egress', 'forge.scopes'] as const satisfies readonly CheckId[];

/** Manifests are small; a larger text is refused rather than parsed. */
const MAX_MANIFEST_BYTES = 256 * 1024;

function result(id: CheckId, status: CheckStatus, summary: string, proof: string[], startedAt: number): CheckResult {
  return { id, status, items: [...CHECKS[id].items], summary, proof, durationMs: Date.now() - startedAt };
}

export function runForgeChecks(manifest: ProbeTarget['manifest']): CheckResult[] {
  const startedAt = Date.now();
  const all = (status: CheckStatus, summary: string) => FORGE_IDS.map((id) => result(id, status, summary, [], startedAt));
  if (!manifest) return all('skip', 'no Forge manifest given');
  const name = manifest.name ?? 'manifest.yml';
  const bytes = Buffer.byteLength(manifest.text);
  if (bytes > MAX_MANIFEST_BYTES) return all('error', `${name} is ${Math.ceil(bytes / 1024)} KiB; the probe reads manifests of at most 256 KiB.`);
  let parsed: unknown;
  try {
    parsed = parseYaml(manifest.text, { maxAliasCount: 100 });
  } catch (error) {
    return all('error', `${name} is not valid YAML: ${firstLine((error as Error).message)}`);
  }
  if (!isRecord(parsed)) return all('error', `${name} should be a YAML mapping (app:, modules:, permissions: …), but it is ${parsed === null ? 'empty' : 'something else'}.`);
  const permissions = isRecord(parsed.permissions) ? parsed.permissions : {};
  return [checkEgress(permissions, parsed.remotes), checkScopes(permissions)];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Address = { address: string; from: string };

/** Every address under permissions.external: fetch.backend/client and the resource lists (images, scripts, …). */
export function externalAddresses(external: unknown, remotes: unknown): { addresses: Address[]; unreadable: string[] } {
  const addresses: Address[] = [];
  const unreadable: string[] = [];
  if (!isRecord(external)) return { addresses, unreadable };
  const remoteUrls = new Map<string, string>();
  if (Array.isArray(remotes)) {
    for (const remote of remotes) if (isRecord(remote) && typeof remote.key === 'string' && typeof remote.baseUrl === 'string') remoteUrls.set(remote.key, remote.baseUrl);
  }
  const readList = (list: unknown, from: string) => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      unreadable.push(`${from} is not a list`);
      return;
    }
    list.forEach((entry, index) => {
      const at = `${from}[${index}]`;
      if (typeof entry === 'string') addresses.push({ address: entry, from: at });
      else if (isRecord(entry) && typeof entry.address === 'string') addresses.push({ address: entry.address, from: at });
      else if (isRecord(entry) && typeof entry.remote === 'string') {
        const url = remoteUrls.get(entry.remote);
        if (url) addresses.push({ address: url, from: `${at} (remote ${entry.remote})` });
        else unreadable.push(`${at} names remote "${entry.remote}", which the manifest does not define`);
      } else unreadable.push(`${at} has no address`);
    });
  };
  for (const [kind, value] of Object.entries(external)) {
    if (kind === 'fetch' && isRecord(value)) {
      for (const [side, list] of Object.entries(value)) readList(list, `permissions.external.fetch.${side}`);
    } else readList(value, `permissions.external.${kind}`);
  }
  return { addresses, unreadable };
}

export type AddressVerdict = { status: 'ok' | 'warn' | 'fail'; reason: string };

export function judgeAddress(address: string): AddressVerdict {
  const value = address.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  const host = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/:?#]/)[0] ?? '';
  if (host === '*' || value === '*') return { status: 'fail', reason: 'allows every host on the internet' };
  if (scheme === 'http') return { status: 'fail', reason: 'plain http: the traffic and any token in it can be read and changed on the way' };
  if (scheme && scheme !== 'https' && scheme !== 'wss') return { status: 'warn', reason: `uses ${scheme}://, not https` };
  if (host.includes('*')) return { status: 'warn', reason: `wildcard: any subdomain of ${host.replace(/^\*\.?/, '') || 'it'} can be reached` };
  return { status: 'ok', reason: 'named host' };
}

function checkEgress(permissions: Record<string, unknown>, remotes: unknown): CheckResult {
  const startedAt = Date.now();
  const id = 'forge.egress';
  const { addresses, unreadable } = externalAddresses(permissions.external, remotes);
  const judged = addresses.map((a) => ({ ...a, ...judgeAddress(a.address) }));
  const proof = [
    ...judged.map((a) => `${a.from}: ${a.address}${a.status === 'ok' ? '' : ` (${a.status}: ${a.reason})`}`),
    ...unreadable.map((u) => `unreadable: ${u}`),
  ];
  if (judged.length === 0 && unreadable.length === 0) {
    return result(id, 'pass', 'The manifest lists no external permissions, so the app can reach no host outside Atlassian.', proof, startedAt);
  }
  const failed = judged.filter((a) => a.status === 'fail');
  const warned = judged.filter((a) => a.status === 'warn');
  const name = (list: typeof judged) => list.map((a) => `${a.address} (${a.reason})`).join('; ');
  if (failed.length > 0) return result(id, 'fail', `The manifest allows egress that names no host or is not https: ${name(failed)}.`, proof, startedAt);
  if (warned.length > 0) return result(id, 'warn', `The manifest allows wildcard egress a person should justify: ${name(warned)}.`, proof, startedAt);
  if (unreadable.length > 0) return result(id, 'warn', `Some external permissions could not be read: ${unreadable.join('; ')}.`, proof, startedAt);
  const hosts = [...new Set(judged.map((a) => a.address))];
  return result(id, 'pass', `The manifest allows egress only to named https hosts: ${hosts.join(', ')}.`, proof, startedAt);
}

/**
 * Forge scopes that reach past the app's own data, each with the reason a person must justify it. Checked in order;
 * the first match names the reason. Classic and granular scope names both match.
 */
export const BROAD_FORGE_SCOPES: { test: RegExp; reason: string }[] = [
  { test: /admin/i, reason: 'administrative access' },
  { test: /^manage:/i, reason: 'manages site, project or webhook configuration' },
  { test: /delete/i, reason: 'can delete data' },
  { test: /:(jira|confluence)-configuration$|^write:configuration:/i, reason: 'changes the site’s configuration' },
  { test: /^write:[^:]*(permission|group|security|settings|user)/i, reason: 'changes who can do what (permissions, groups, users)' },
  { test: /^read:(jira-user|email-address|account)(:|$)/i, reason: 'reads personal data of users' },
];

export function broadScopeReason(scope: string): string | null {
  return BROAD_FORGE_SCOPES.find((rule) => rule.test.test(scope))?.reason ?? null;
}

function checkScopes(permissions: Record<string, unknown>): CheckResult {
  const startedAt = Date.now();
  const id = 'forge.scopes';
  const raw = permissions.scopes;
  if (raw !== undefined && !Array.isArray(raw)) return result(id, 'error', 'permissions.scopes should be a list of scope names.', [], startedAt);
  const scopes = [...new Set((raw ?? []).filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter(Boolean))];
  const broad = scopes.flatMap((scope) => {
    const reason = broadScopeReason(scope);
    return reason ? [{ scope, reason }] : [];
  });
  const proof = [`scopes: ${scopes.length ? scopes.join(', ') : '(none)'}`, ...broad.map((b) => `${b.scope}: ${b.reason}`)];
  if (scopes.length === 0) return result(id, 'pass', 'The manifest requests no scopes.', proof, startedAt);
  if (broad.length === 0) return result(id, 'pass', `The manifest requests ${scopes.join(', ')}; none of them is broad.`, proof, startedAt);
  return result(id, 'warn', `The manifest requests broad scopes a person should justify: ${broad.map((b) => `${b.scope} (${b.reason})`).join('; ')}.`, proof, startedAt);
}
