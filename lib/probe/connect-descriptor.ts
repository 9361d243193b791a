import { z } from 'zod';
import { EgressRefusedError, ProbeLimitError, type ProbeClient, type ProbeTarget } from './types';

/** Descriptors are a few KiB; anything larger than this is refused rather than parsed. */
export const MAX_DESCRIPTOR_BYTES = 256 * 1024;

export type LoadedDescriptor = { text: string; source: string; url: string | null };

export type DescriptorLoad = {
  descriptor: LoadedDescriptor | null;
  skipReason: string | null;
  /**
   * Set when the team named a descriptor that could not be read: the Connect checks then end as `error` with this
   * message rather than `skip`. (Added beside the two fields the runner needs; runConnectChecks takes it when spread in.)
   */
  failure?: string | null;
  /** The target's base URL: an uploaded descriptor's baseUrl must be on its host. */
  targetBaseUrl?: string;
};

const lifecycleUrl = z.string({ error: describeTypeError }).optional();

// Descriptors carry many more fields than these; loose objects keep them so module walking sees everything.
const descriptorSchema = z.looseObject(
  {
    key: z.string({ error: describeTypeError }).optional(),
    baseUrl: z.string({ error: describeTypeError }).min(1, { error: 'is empty' }),
    authentication: z
      .looseObject({ type: z.string({ error: describeTypeError }).optional() }, { error: describeTypeError })
      .optional(),
    scopes: z.array(z.string({ error: describeTypeError }), { error: describeTypeError }).optional(),
    lifecycle: z
      .looseObject(
        { installed: lifecycleUrl, uninstalled: lifecycleUrl, enabled: lifecycleUrl, disabled: lifecycleUrl },
        { error: describeTypeError },
      )
      .optional(),
    modules: z.record(z.string(), z.unknown(), { error: describeTypeError }).optional(),
  },
  { error: describeTypeError },
);

export type ConnectDescriptor = z.infer<typeof descriptorSchema>;

export type DescriptorParse = { ok: true; descriptor: ConnectDescriptor } | { ok: false; message: string };

function describeTypeError(issue: { code?: string; input?: unknown; expected?: string }): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is missing';
  return `should be ${article(issue.expected ?? 'value')} (found ${kindOf(issue.input)})`;
}

function article(expected: string): string {
  const names: Record<string, string> = { string: 'text', object: 'an object', array: 'a list', record: 'an object' };
  return names[expected] ?? expected;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function pathLabel(path: readonly PropertyKey[]): string {
  return path.reduce<string>((label, part) => (typeof part === 'number' ? `${label}[${part}]` : label ? `${label}.${String(part)}` : String(part)), '');
}

/** Parses and validates a descriptor; the failure message names each wrong field for the person who wrote it. */
export function parseDescriptor(text: string): DescriptorParse {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_DESCRIPTOR_BYTES) return { ok: false, message: tooLargeMessage('The descriptor', bytes) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The descriptor is not valid JSON (${(error as Error).message}).` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, message: `The descriptor should be a JSON object, but it is ${kindOf(json)}.` };
  }
  const parsed = descriptorSchema.safeParse(json);
  if (parsed.success) return { ok: true, descriptor: parsed.data };
  const problems = parsed.error.issues.slice(0, 5).map((issue) => `${pathLabel(issue.path) || 'the descriptor'} ${issue.message}`);
  const more = parsed.error.issues.length > 5 ? `; and ${parsed.error.issues.length - 5} more` : '';
  return { ok: false, message: `The descriptor is not a valid Connect descriptor: ${problems.join('; ')}${more}.` };
}

function tooLargeMessage(what: string, bytes: number | null): string {
  const size = bytes === null ? 'larger than 256 KiB' : `${Math.ceil(bytes / 1024)} KiB`;
  return `${what} is ${size}; the probe reads descriptors of at most 256 KiB, so the Connect checks did not run`;
}

/** Finds the descriptor the team pointed at, or the one the app serves at the conventional path. */
export async function loadDescriptor(target: ProbeTarget, client: ProbeClient): Promise<DescriptorLoad> {
  const given = target.descriptor;
  const targetBaseUrl = target.baseUrl;
  if (given?.kind === 'none') return { descriptor: null, skipReason: 'not a Connect app', targetBaseUrl };
  if (given?.kind === 'inline') {
    const source = `upload: ${given.name ?? 'descriptor'}`;
    const bytes = Buffer.byteLength(given.text);
    if (bytes > MAX_DESCRIPTOR_BYTES) return { descriptor: null, skipReason: tooLargeMessage(`The uploaded descriptor (${source})`, bytes), targetBaseUrl };
    return { descriptor: { text: given.text, source, url: null }, skipReason: null, targetBaseUrl };
  }
  if (given?.kind === 'url') return fetchNamedDescriptor(given.url, client, targetBaseUrl);
  return fetchConventionalDescriptor(targetBaseUrl, client);
}

async function fetchNamedDescriptor(url: string, client: ProbeClient, targetBaseUrl: string): Promise<DescriptorLoad> {
  const fetched = await fetchText(url, client);
  if ('text' in fetched) return { descriptor: { text: fetched.text, source: `url: ${url}`, url: fetched.url }, skipReason: null, targetBaseUrl };
  if (fetched.tooLarge) return { descriptor: null, skipReason: tooLargeMessage(`The descriptor at ${url}`, null), targetBaseUrl };
  const message = `The descriptor at ${url} could not be read: ${fetched.problem}.`;
  return { descriptor: null, skipReason: message, failure: message, targetBaseUrl };
}

async function fetchConventionalDescriptor(baseUrl: string, client: ProbeClient): Promise<DescriptorLoad> {
  const url = `${baseUrl.replace(/\/+$/, '')}/atlassian-connect.json`;
  const fetched = await fetchText(url, client);
  const absent = (why: string) => ({ descriptor: null, skipReason: `no Connect descriptor at ${url} (${why}); give one to check Connect`, targetBaseUrl: baseUrl });
  if (!('text' in fetched)) return fetched.tooLarge ? { descriptor: null, skipReason: tooLargeMessage(`The descriptor at ${url}`, null), targetBaseUrl: baseUrl } : absent(fetched.problem);
  // Apps without Connect often answer every path with their HTML shell; only JSON counts as a descriptor here.
  try {
    JSON.parse(fetched.text);
  } catch {
    return absent('the answer is not JSON');
  }
  return { descriptor: { text: fetched.text, source: `url: ${url}`, url: fetched.url }, skipReason: null, targetBaseUrl: baseUrl };
}

type Fetched = { text: string; url: string } | { problem: string; tooLarge: boolean };

async function fetchText(url: string, client: ProbeClient): Promise<Fetched> {
  try {
    const response = await client.request({ method: 'GET', url, headers: { accept: 'application/json' }, followRedirects: true });
    if (response.truncated || response.body.length > MAX_DESCRIPTOR_BYTES) return { problem: 'too large', tooLarge: true };
    if (response.status < 200 || response.status > 299) return { problem: `it answered ${response.status} ${response.statusText}`.trim(), tooLarge: false };
    return { text: response.body.toString('utf8'), url: response.url };
  } catch (error) {
    if (error instanceof EgressRefusedError || error instanceof ProbeLimitError) return { problem: error.message, tooLarge: false };
    return { problem: `the request failed: ${(error as Error).message}`, tooLarge: false };
  }
}
