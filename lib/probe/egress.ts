// The probe contacts machines a team names, so it must not become a way to reach what sits behind Preflight
// (loopback services, the private network, the cloud metadata endpoint). Every destination is resolved once, every
// resolved address is checked, and the connection is made to that checked address, never to a second lookup.
import { promises as dns } from 'node:dns';
import net from 'node:net';
import { EgressRefusedError, type EgressPolicy } from './types';

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Same answer shape as `dns.promises.lookup(host, { all: true })`; tests inject one that changes its answer. */
export type LookupFn = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupFn = (hostname) => dns.lookup(hostname, { all: true });

type Range = { label: string; v4?: [string, number][]; v6?: [string, number][]; addresses?: [string, 'ipv4' | 'ipv6'][] };

// Metadata first: an address in it is reported as metadata, not as the wider link-local range it sits in.
const METADATA: Range = { label: 'cloud metadata', addresses: [['169.254.169.254', 'ipv4'], ['fd00:ec2::254', 'ipv6']] };
const LINK_LOCAL: Range = { label: 'link-local', v4: [['169.254.0.0', 16]], v6: [['fe80::', 10]] };
const UNSPECIFIED: Range = { label: 'unspecified', v4: [['0.0.0.0', 8]], v6: [['::', 128]] };
const LOOPBACK: Range = { label: 'loopback', v4: [['127.0.0.0', 8]], v6: [['::1', 128]] };
const PRIVATE: Range = {
  label: 'private',
  v4: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]],
  v6: [['fc00::', 7]],
};

function blockListOf(range: Range): net.BlockList {
  const list = new net.BlockList();
  for (const [a, p] of range.v4 ?? []) list.addSubnet(a, p, 'ipv4');
  for (const [a, p] of range.v6 ?? []) list.addSubnet(a, p, 'ipv6');
  for (const [a, t] of range.addresses ?? []) list.addAddress(a, t);
  return list;
}

// Ordered by how hard they are to open: allowPrivate opens the last two, only an explicit entry opens the rest.
const REFUSED = [METADATA, LINK_LOCAL, UNSPECIFIED, LOOPBACK, PRIVATE].map((r) => ({ label: r.label, list: blockListOf(r) }));
const OPENED_BY_ALLOW_PRIVATE = new Set(['loopback', 'private']);

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return net.isIPv4(address) ? 'ipv4' : 'ipv6';
}

/** The refused range an address falls in (IPv4-mapped IPv6 included: BlockList matches it against IPv4 ranges). */
export function refusedRangeOf(address: string): string | null {
  const type = familyOf(address);
  for (const r of REFUSED) if (r.list.check(address, type)) return r.label;
  return null;
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function isHostName(s: string): boolean {
  return s.length <= 253 && s.split('.').every((label) => HOST_LABEL.test(label)) && !/^[0-9.]+$/.test(s);
}

/**
 * PROBE_ALLOW_HOSTS: comma-separated host names, IP addresses or CIDR ranges. Blank entries (a trailing comma) are
 * ignored; anything else that is not one of the three is an error, so a typo never silently opens nothing or more.
 */
export function parseAllowHosts(s: string | undefined): string[] {
  if (!s) return [];
  const out: string[] = [];
  for (const raw of s.split(',')) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    const slash = entry.indexOf('/');
    if (slash >= 0 && /^[0-9a-f:.]+\//.test(entry)) {
      const ip = entry.slice(0, slash);
      const bitsText = entry.slice(slash + 1);
      const bits = Number(bitsText);
      const max = net.isIPv4(ip) ? 32 : net.isIPv6(ip) ? 128 : 0;
      if (!max || !/^\d{1,3}$/.test(bitsText) || bits > max) {
        throw new Error(`PROBE_ALLOW_HOSTS: "${raw.trim()}" is not a CIDR range (e.g. 10.0.0.0/8 or fd00::/8)`);
      }
      out.push(`${ip}/${bits}`);
    } else if (net.isIP(entry) || isHostName(entry.replace(/\.$/, ''))) {
      out.push(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`PROBE_ALLOW_HOSTS: "${raw.trim()}" is not a host name, IP address or CIDR range (no schemes, ports or paths)`);
    }
  }
  return out;
}

export function egressPolicy(opts: { allowPrivate?: boolean; allowHostsEnv?: string }): EgressPolicy {
  return { allowPrivate: opts.allowPrivate ?? false, allowHosts: parseAllowHosts(opts.allowHostsEnv) };
}

function explicitlyAllowed(address: string, hostname: string, policy: EgressPolicy, range: string): boolean {
  const type = familyOf(address);
  for (const entry of policy.allowHosts) {
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const list = new net.BlockList();
      const ip = entry.slice(0, slash);
      list.addSubnet(ip, Number(entry.slice(slash + 1)), familyOf(ip));
      if (list.check(address, type)) return true;
    } else if (net.isIP(entry)) {
      const list = new net.BlockList();
      list.addAddress(entry, familyOf(entry));
      if (list.check(address, type)) return true;
    } else if (entry === hostname && range !== 'cloud metadata') {
      // A name opens what it resolves to, except the metadata endpoint: that takes its address spelled out.
      return true;
    }
  }
  return false;
}

/** Throws EgressRefusedError when the policy refuses this address for this host. */
export function assertAddressAllowed(address: string, hostname: string, policy: EgressPolicy): void {
  const range = refusedRangeOf(address);
  if (!range) return;
  if (policy.allowPrivate && OPENED_BY_ALLOW_PRIVATE.has(range)) return;
  if (explicitlyAllowed(address, hostname, policy, range)) return;
  const hint = OPENED_BY_ALLOW_PRIVATE.has(range)
    ? 'pass --allow-private or list it in PROBE_ALLOW_HOSTS'
    : 'only an explicit PROBE_ALLOW_HOSTS entry opens it; --allow-private does not';
  const via = hostname === address ? '' : ` (${hostname} resolves to it)`;
  throw new EgressRefusedError(`refused to contact ${address}${via}: it is a ${range} address; ${hint}`);
}

/** URL host without IPv6 brackets, lower-cased: the form lookups, allowlists and certificates compare. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** Resolves once, refuses if ANY answer is refused (an attacker controls which one a later lookup returns). */
export async function resolvePinned(hostname: string, policy: EgressPolicy, lookup: LookupFn = systemLookup): Promise<ResolvedAddress> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  let answers: { address: string; family: number }[];
  if (net.isIP(host)) {
    answers = [{ address: host, family: net.isIPv4(host) ? 4 : 6 }];
  } else {
    try {
      answers = await lookup(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`could not resolve ${host}${code ? ` (${code})` : ''}`);
    }
    if (answers.length === 0) throw new Error(`could not resolve ${host}: no addresses`);
  }
  for (const a of answers) {
    if (!net.isIP(a.address)) throw new Error(`resolving ${host} gave "${a.address}", which is not an IP address`);
    assertAddressAllowed(a.address, host, policy);
  }
  const first = answers[0]!;
  return { address: first.address, family: net.isIPv4(first.address) ? 4 : 6 };
}

/** Parses a URL the probe may fetch: http(s) only, no user name or password (they would be sent on). */
export function parseProbeUrl(input: string, what = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new EgressRefusedError(`${what} "${input}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EgressRefusedError(`${what} "${input}" uses ${url.protocol}; only https: and http: are allowed`);
  }
  if (url.username || url.password) throw new EgressRefusedError(`${what} must not carry a user name or password`);
  if (!url.hostname) throw new EgressRefusedError(`${what} "${input}" has no host`);
  return url;
}
