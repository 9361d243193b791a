// npm run -s report:verify -- FILE [--sig FILE.sig] (--key PEM | --keys URL|FILE) [--json]: checks an exported
// report's signature with nothing but the instance's public key, so a customer can run it away from the instance.
// No database, no secrets, no app code. Exit code 0 genuine, 1 not genuine, 2 usage errors.
import { createPublicKey } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { detectReportFormat, publishedKeysSchema, type PublishedKey } from '@/lib/report/signing/envelope';
import { keyIdOf } from '@/lib/report/signing/keys';
import { MAX_DETACHED_SIGNATURE_CHARS, verifyReport, type VerifyOutcome } from '@/lib/report/signing/verify';

const USAGE = `Usage: npm run -s report:verify -- FILE [--sig FILE.sig] (--key PUBLIC_KEY.pem | --keys URL_OR_FILE) [--json]

Checks that a Preflight report (PDF, CSV or JSON) is unaltered and was signed by the instance that exported it.
A PDF carries its signature inside; a CSV or JSON report is checked with the .sig downloaded beside it.

Options:
  --sig FILE          the detached signature of a CSV or JSON report (default: FILE.sig)
  --key PEM           the instance's Ed25519 public key; its validity period is then not checked
  --keys URL|FILE     the instance's published keys: https://HOST/.well-known/preflight-report-keys, or a saved copy
  --json              print the outcome as JSON
  --help              this text

Exit code 0 when genuine, 1 when not, 2 on usage errors.`;

const MAX_KEYS_BYTES = 1024 * 1024;
const MAX_REPORT_BYTES = 512 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

class UsageError extends Error {}

type Args = { file: string; sig?: string; key?: string; keys?: string; json: boolean };

function parseCli(argv: string[]): Args | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { sig: { type: 'string' }, key: { type: 'string' }, keys: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('name the report file to check');
  if (positionals.length > 1) throw new UsageError(`one report file at a time; also got ${positionals.slice(1).join(' ')}`);
  if (values.key !== undefined && values.keys !== undefined) throw new UsageError('give --key or --keys, not both');
  if (values.key === undefined && values.keys === undefined) throw new UsageError('give the public key with --key, or the published keys with --keys');
  return { file: positionals[0]!, sig: values.sig, key: values.key, keys: values.keys, json: values.json ?? false };
}

/** At most `limit` + 1 bytes, so an oversized file is noticed without reading all of it. */
function readCapped(path: string, limit: number, what: string): Buffer {
  const failed = (e: unknown) => new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw failed(e);
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    while (size <= limit) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, limit + 1 - size));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      size += n;
    }
    return Buffer.concat(chunks);
  } catch (e) {
    throw failed(e);
  } finally {
    closeSync(fd);
  }
}

/** The detached signature, or null when the default FILE.sig does not exist: that is an unsigned file, not a usage error. */
function readDetached(args: Args): string | null {
  const path = args.sig ?? `${args.file}.sig`;
  if (args.sig === undefined && !existsSync(path)) return null;
  return readCapped(path, MAX_DETACHED_SIGNATURE_CHARS, 'signature file').toString('utf8');
}

/** A single PEM carries no validity period, so it stands for a key valid at every date. */
function keyFromPem(path: string): PublishedKey {
  const pem = readCapped(path, 64 * 1024, 'public key file').toString('utf8');
  if (/PRIVATE KEY-----/.test(pem)) throw new UsageError(`${path} holds a private key; give the public key (BEGIN PUBLIC KEY), the private one should not leave the instance`);
  let publicKey;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new UsageError(`${path} does not hold a PEM public key`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new UsageError(`${path} holds an ${publicKey.asymmetricKeyType?.toUpperCase() ?? 'unknown'} key; Preflight signs reports with Ed25519`);
  return { keyId: keyIdOf(publicKey), algorithm: 'Ed25519', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string, validFrom: new Date(0).toISOString(), validUntil: null };
}

function parseKeysDocument(bytes: Buffer, from: string): PublishedKey[] {
  if (bytes.length > MAX_KEYS_BYTES) throw new UsageError(`${from} is larger than 1 MB; a keys document is a few KB`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UsageError(`${from} is not JSON`);
  }
  const parsed = publishedKeysSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${from} is not a Preflight published-keys document (${issue.message}${issue.path.length ? ` at ${issue.path.join('.')}` : ''})`);
  }
  return parsed.data.keys;
}

function whyFetchFailed(e: unknown): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}

async function fetchKeys(url: URL): Promise<PublishedKey[]> {
  const from = `the answer from ${url.href}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new UsageError(`${url.href} answered HTTP ${response.status}`);
    }
    if (Number(response.headers.get('content-length')) > MAX_KEYS_BYTES) {
      await response.body?.cancel();
      throw new UsageError(`${from} is larger than 1 MB; a keys document is a few KB`);
    }
    // Counted as it arrives: a server that sends no length, or lies about it, is stopped just past the limit.
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
      chunks.push(chunk.value);
      size += chunk.value.length;
      if (size > MAX_KEYS_BYTES) {
        await reader!.cancel();
        break;
      }
    }
    return parseKeysDocument(Buffer.concat(chunks), from);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot fetch the published keys from ${url.href}: ${whyFetchFailed(e)}`);
  }
}

async function loadKeys(args: Args): Promise<{ keys: PublishedKey[]; validityChecked: boolean }> {
  if (args.key !== undefined) return { keys: [keyFromPem(args.key)], validityChecked: false };
  const source = args.keys!;
  // Any scheme of two letters or more is a URL; one letter is a Windows drive.
  if (!/^[a-z][a-z0-9+.-]+:/i.test(source)) return { keys: parseKeysDocument(readCapped(source, MAX_KEYS_BYTES, 'keys file'), source), validityChecked: true };
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new UsageError(`--keys "${source}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--keys takes an http(s) URL or a file path, not a ${url.protocol} URL`);
  return { keys: await fetchKeys(url), validityChecked: true };
}

/** App names come from users of the instance: control and bidi characters are shown escaped, not sent to the terminal. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function formatOutcome(outcome: VerifyOutcome, validityChecked: boolean): string {
  if (!outcome.genuine) return `NOT genuine: ${outcome.message}`;
  const { statement: s, key } = outcome;
  const validity = validityChecked
    ? `valid from ${key.validFrom} ${key.validUntil ? `until ${key.validUntil}` : 'with no end date'}, which covers the report's date`
    : 'validity not checked: a key given with --key has no validity period (use --keys to check it)';
  return [
    `Genuine: signed by key ${s.keyId} (Ed25519)`,
    `Format:       ${s.format.toUpperCase()}`,
    `Report id:    ${s.reportId}`,
    `App:          ${printable(s.appName)}`,
    `Generated at: ${s.generatedAt}`,
    `SHA-256:      ${s.sha256}${s.format === 'pdf' ? ' (of the file with its signature slot emptied)' : ''}`,
    `Key:          ${validity}`,
  ].join('\n');
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseCli(process.argv.slice(2));
  } catch (e) {
    console.error(`Error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    const report = readCapped(args.file, MAX_REPORT_BYTES, 'report');
    if (report.length > MAX_REPORT_BYTES) throw new UsageError(`${args.file} is larger than any report Preflight exports`);
    const isPdf = detectReportFormat(report) === 'pdf';
    if (isPdf && args.sig !== undefined) console.error('Note: a PDF carries its signature inside; --sig is not used.');
    const detached = isPdf ? null : readDetached(args);
    const { keys, validityChecked } = await loadKeys(args);
    const outcome = verifyReport(report, detached, keys);
    console.log(args.json ? JSON.stringify({ ...outcome, keyValidityChecked: validityChecked }, null, 2) : formatOutcome(outcome, validityChecked));
    return outcome.genuine ? 0 : 1;
  } catch (e) {
    console.error(`Error: ${(e as Error).message ?? String(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
