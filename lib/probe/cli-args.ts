// The probe's command line: arguments to a target, with usage errors a person can act on. Reading the files the
// arguments name is separate, so the parsing is tested without a file system.
import type { ProbeTarget } from './types';

export const USAGE = `Usage: npm run -s probe -- <https-url> [options]

Checks a running app's TLS, headers, cookies and Connect descriptor. Exit code 1 when a check fails, 2 on usage errors.

Options:
  --descriptor FILE|URL   Connect descriptor (default: <url>/atlassian-connect.json if served; "none" if not Connect)
  --manifest FILE         Forge manifest.yml
  --ca PEM                extra trusted CA certificate file (repeatable)
  --header 'Name: value'  header that signs in (or set PROBE_AUTH_HEADER, which keeps it out of the process list)
  --auth-url URL          a signed-in page, fetched with --header
  --host H[:PORT]         another host to check like the base URL (repeatable)
  --http-port N           plain-HTTP port for the redirect check when the URL has a non-default port
  --allow-private         allow loopback and private addresses (never link-local or cloud metadata)
  --format json|text      output (default text)
  --help                  this text

Environment: PROBE_ALLOW_HOSTS=host,ip,cidr opens those destinations even when private.`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CliArgs =
  | { kind: 'help' }
  | {
      kind: 'run';
      url: string;
      descriptor?: { kind: 'url'; url: string } | { kind: 'file'; path: string } | { kind: 'none' };
      manifest?: string;
      ca: string[];
      allowPrivate: boolean;
      header?: { name: string; value: string };
      authUrl?: string;
      hosts: string[];
      httpPort?: number;
      format: 'json' | 'text';
    };

const WITH_VALUE = new Set(['--descriptor', '--manifest', '--ca', '--header', '--auth-url', '--host', '--http-port', '--format']);
const FLAGS = new Set(['--allow-private', '--help', '-h']);

export function parseHeader(raw: string, from = '--header'): { name: string; value: string } {
  const colon = raw.indexOf(':');
  const name = colon < 0 ? '' : raw.slice(0, colon).trim();
  const value = colon < 0 ? '' : raw.slice(colon + 1).trim();
  // The value is never echoed: it is a credential.
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || !value) throw new UsageError(`${from} must look like 'Name: value'`);
  if (/[\r\n\0]/.test(value)) throw new UsageError(`${from} must be one line`);
  return { name, value };
}

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): CliArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      flags.add(name);
    } else if (WITH_VALUE.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  if (flags.has('--help') || flags.has('-h')) return { kind: 'help' };

  const once = (name: string): string | undefined => {
    const v = values.get(name);
    if (v && v.length > 1) throw new UsageError(`${name} may be given once`);
    return v?.[0];
  };
  if (positional.length === 0) throw new UsageError('give the https URL of the app to probe');
  if (positional.length > 1) throw new UsageError(`one URL only; also got ${positional.slice(1).join(' ')}`);
  const url = positional[0]!;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:') throw new UsageError(`the URL must be https, got ${parsed.protocol.replace(':', '')}`);

  const format = once('--format') ?? 'text';
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format must be json or text, got "${format}"`);

  const portRaw = once('--http-port');
  let httpPort: number | undefined;
  if (portRaw !== undefined) {
    httpPort = Number(portRaw);
    if (!/^\d+$/.test(portRaw) || httpPort < 1 || httpPort > 65535) throw new UsageError(`--http-port must be a port number (1–65535), got "${portRaw}"`);
  }

  const headerRaw = once('--header');
  const header = headerRaw !== undefined ? parseHeader(headerRaw) : env.PROBE_AUTH_HEADER ? parseHeader(env.PROBE_AUTH_HEADER, 'PROBE_AUTH_HEADER') : undefined;
  const authUrl = once('--auth-url');
  if (header && !authUrl) throw new UsageError('--header needs --auth-url: the signed-in page it is sent to');
  if (authUrl && !header) throw new UsageError('--auth-url needs --header (or PROBE_AUTH_HEADER): the header that signs in');
  if (authUrl) {
    let a: URL;
    try {
      a = new URL(authUrl);
    } catch {
      throw new UsageError(`--auth-url "${authUrl}" is not a URL`);
    }
    if (a.protocol !== 'https:') throw new UsageError('--auth-url must be https: the header would cross the network in clear text');
  }

  const descriptorRaw = once('--descriptor');
  const descriptor = descriptorRaw === undefined
    ? undefined
    : descriptorRaw === 'none'
      ? ({ kind: 'none' } as const)
      : isUrl(descriptorRaw)
        ? ({ kind: 'url', url: descriptorRaw } as const)
        : ({ kind: 'file', path: descriptorRaw } as const);

  return {
    kind: 'run',
    url,
    descriptor,
    manifest: once('--manifest'),
    ca: values.get('--ca') ?? [],
    allowPrivate: flags.has('--allow-private'),
    header,
    authUrl,
    hosts: values.get('--host') ?? [],
    httpPort,
    format,
  };
}

/** The target the arguments describe; `readText` reads the files they name (errors become usage errors). */
export function targetFromArgs(args: Extract<CliArgs, { kind: 'run' }>, readText: (path: string) => string): ProbeTarget {
  const read = (path: string, what: string) => {
    try {
      return readText(path);
    } catch (e) {
      throw new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const d = args.descriptor;
  return {
    baseUrl: args.url,
    ...(args.hosts.length ? { extraHosts: args.hosts } : {}),
    ...(args.httpPort !== undefined ? { httpPort: args.httpPort } : {}),
    ...(d ? { descriptor: d.kind === 'file' ? { kind: 'inline' as const, text: read(d.path, 'descriptor'), name: baseName(d.path) } : d } : {}),
    ...(args.manifest ? { manifest: { text: read(args.manifest, 'manifest'), name: baseName(args.manifest) } } : {}),
    ...(args.header && args.authUrl ? { authenticated: { url: args.authUrl, header: args.header } } : {}),
    ...(args.ca.length ? { ca: args.ca.map((p) => read(p, 'CA file')) } : {}),
  };
}
