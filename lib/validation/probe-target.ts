import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { descriptorModes } from '@/lib/domain/enums';

export const DESCRIPTOR_MAX_CHARS = 256 * 1024;
export const EXTRA_HOSTS_MAX = 10;
export const AUTH_VALUE_MAX = 4096;

/** `host` or `host:port`, checked by letting the URL parser read it back exactly. */
export function hostProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(`https://${value}`);
  } catch {
    return `"${value}" is not a host name.`;
  }
  if (url.host !== value.toLowerCase() || url.pathname !== '/' || url.search || url.hash || url.username) return `Write "${value}" as a host name with an optional port, like api.example.com or api.example.com:8443.`;
  return null;
}

function urlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address like https://app.example.com/atlassian-connect.json.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an https:// address.';
  if (url.username || url.password) return 'Leave credentials out of the address; use the header fields below.';
  return null;
}

const optionalUrl = z
  .string()
  .trim()
  .max(2000, 'Use at most 2,000 characters.')
  .superRefine((v, ctx) => {
    const problem = v ? urlProblem(v) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const fileName = z.string().trim().max(255, 'Use a file name of at most 255 characters.');
const documentText = z.string().max(DESCRIPTOR_MAX_CHARS, 'This file is larger than 256 KiB. The probe reads at most that much.');

/** The probe-target form: react-hook-form resolves it in the browser; the server action parses it again. */
export const ProbeTargetSchema = z
  .object({
    assessmentId: z.uuid(),
    extraHosts: z.string().max(5000, 'Use at most 5,000 characters.'),
    httpPort: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), 'Enter a port number from 1 to 65535, or leave it empty.'),
    gateProbeMaxAgeDays: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 365), 'Enter a number of days from 1 to 365, or leave it empty.'),
    descriptorMode: z.enum(descriptorModes, 'Choose where the Connect descriptor comes from.'),
    descriptorUrl: optionalUrl,
    descriptorText: documentText,
    descriptorName: fileName,
    manifestText: documentText,
    manifestName: fileName,
    // Empty manifestText keeps the stored manifest unless this is set.
    forgetManifest: z.boolean(),
    authUrl: optionalUrl,
    authHeaderName: z.string().trim().max(100, 'Use at most 100 characters.'),
    // Empty keeps the stored value; the stored value is never sent back to the browser.
    authHeaderValue: z.string().max(AUTH_VALUE_MAX, `Use at most ${AUTH_VALUE_MAX.toLocaleString('en')} characters.`),
    forgetAuth: z.boolean(),
  })
  .superRefine((v, ctx) => {
    const hosts = splitHosts(v.extraHosts);
    if (hosts.length > EXTRA_HOSTS_MAX) ctx.addIssue({ code: 'custom', path: ['extraHosts'], message: `List at most ${EXTRA_HOSTS_MAX} hosts.` });
    const bad = hosts.map(hostProblem).find(Boolean);
    if (bad) ctx.addIssue({ code: 'custom', path: ['extraHosts'], message: bad });
    if (v.descriptorMode === 'url' && !v.descriptorUrl) ctx.addIssue({ code: 'custom', path: ['descriptorUrl'], message: 'Enter the descriptor’s address.' });
    if (v.descriptorMode === 'upload') {
      if (!v.descriptorText) ctx.addIssue({ code: 'custom', path: ['descriptorText'], message: 'Choose the descriptor file to upload.' });
      else if (!isJsonObject(v.descriptorText)) ctx.addIssue({ code: 'custom', path: ['descriptorText'], message: 'This file is not a JSON descriptor (it does not parse as a JSON object).' });
    }
    if (v.manifestText && !isYamlMapping(v.manifestText)) ctx.addIssue({ code: 'custom', path: ['manifestText'], message: 'This file is not a Forge manifest (it does not parse as YAML with keys).' });
    if (v.authHeaderName && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(v.authHeaderName)) ctx.addIssue({ code: 'custom', path: ['authHeaderName'], message: 'A header name has letters, digits and dashes only, like Cookie or Authorization.' });
    if (/[\r\n\0]/.test(v.authHeaderValue)) ctx.addIssue({ code: 'custom', path: ['authHeaderValue'], message: 'A header value cannot contain line breaks.' });
    if (v.authHeaderValue && !v.authUrl) ctx.addIssue({ code: 'custom', path: ['authUrl'], message: 'Enter the signed-in page this header opens.' });
    if (v.authUrl && !v.authHeaderName) ctx.addIssue({ code: 'custom', path: ['authHeaderName'], message: 'Name the header that signs in, like Cookie.' });
  });

export type ProbeTargetInput = z.infer<typeof ProbeTargetSchema>;

export function splitHosts(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean))];
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function isYamlMapping(text: string): boolean {
  try {
    const v: unknown = parseYaml(text, { maxAliasCount: 50 });
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
