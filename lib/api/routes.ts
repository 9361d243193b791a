import type { z } from 'zod';
import type { ApiTokenScope } from '@/lib/domain/enums';
import { AssessmentDetail, AssessmentPage, EvidenceSaved, EvidenceUploadQuery, GateQuery, GateSchema, ItemPatch, ItemSaved, PageQuery, ProbeRunSchema, ProbeStart, ProbeStarted, ReportQuery, TeamList } from './schemas';

// Every route under /api/v1, in one table: the OpenAPI document is generated from it, and the tests check that it
// matches the route files on disk and the route × role matrix, so nothing is served that is not documented.

export type ApiRoute = {
  method: 'GET' | 'POST' | 'PATCH';
  /** OpenAPI style, with {braces}. */
  path: string;
  summary: string;
  description: string;
  /** Any one of these scopes is enough. */
  scopes: ApiTokenScope[];
  query?: z.ZodObject;
  body?: { json: z.ZodType } | { binary: true };
  response: { status: 200 | 201 | 202; json: z.ZodType } | { status: 200; contentType: string; binary: true };
};

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/teams',
    summary: 'List the teams the token reaches',
    description: 'The teams of the token’s owner (every team for an admin), or a team token’s own team, with the owner’s role on each (null for an admin who is not on it). Start here to find the ids the other endpoints take.',
    scopes: ['read', 'gate'],
    response: { status: 200, json: TeamList },
  },
  {
    method: 'GET',
    path: '/api/v1/teams/{teamId}/assessments',
    summary: 'List a team’s assessments',
    description: 'Oldest first, a page at a time. Pass the `nextCursor` of one page as `cursor` to get the next; it is null on the last page.',
    scopes: ['read', 'gate'],
    query: PageQuery,
    response: { status: 200, json: AssessmentPage },
  },
  {
    method: 'GET',
    path: '/api/v1/assessments/{assessmentId}',
    summary: 'One assessment with its items',
    description: 'Every item’s status, owner, due date, sign-off, evidence count and the latest probe outcome, with the `version` an update must send.',
    scopes: ['read'],
    response: { status: 200, json: AssessmentDetail },
  },
  {
    method: 'PATCH',
    path: '/api/v1/assessments/{assessmentId}/items/{catalogItemId}',
    summary: 'Update an item',
    description: 'Send the `version` you read and the fields to change; the rest stay as stored. The result is checked with the item form’s own rules. If someone saved the item since, the answer is 409 with the current state in `current`.',
    scopes: ['write'],
    body: { json: ItemPatch },
    response: { status: 200, json: ItemSaved },
  },
  {
    method: 'POST',
    path: '/api/v1/assessments/{assessmentId}/items/{catalogItemId}/evidence',
    summary: 'Upload a file as evidence',
    description: 'The raw file is the body (`Content-Type: application/octet-stream`); it is streamed to disk encrypted, and refused with 413 past the instance’s size limit. The allowed file types are those of the item page.',
    scopes: ['write'],
    query: EvidenceUploadQuery,
    body: { binary: true },
    response: { status: 201, json: EvidenceSaved },
  },
  {
    method: 'GET',
    path: '/api/v1/evidence/{evidenceId}',
    summary: 'Download a file of evidence',
    description: 'The decrypted file, checked segment by segment; its SHA-256 is in `X-Evidence-SHA256`. A file that fails the check is cut off, never delivered whole.',
    scopes: ['read'],
    response: { status: 200, contentType: 'application/octet-stream', binary: true },
  },
  {
    method: 'GET',
    path: '/api/v1/assessments/{assessmentId}/report',
    summary: 'Export the report',
    description: 'PDF, CSV or JSON. Each export is recorded by its SHA-256 (`X-Report-SHA256`, `X-Report-Id`) so anyone holding the file can verify it.',
    scopes: ['read'],
    query: ReportQuery,
    response: { status: 200, contentType: 'application/pdf', binary: true },
  },
  {
    method: 'GET',
    path: '/api/v1/assessments/{assessmentId}/gate',
    summary: 'The release gate',
    description: 'May this app launch? `pass` is true only when the launch is approved, no evidence has expired, and (when the assessment asks for it) the latest probe run passed within its days. Each reason names the item and what is missing. `format=text` gives PASS or FAIL on the first line and one reason per line.',
    scopes: ['gate', 'read'],
    query: GateQuery,
    response: { status: 200, json: GateSchema },
  },
  {
    method: 'POST',
    path: '/api/v1/assessments/{assessmentId}/probe-runs',
    summary: 'Start a probe run',
    description: 'Checks the app (TLS, headers, cookies, the descriptor) and files the results as evidence. Give `baseUrl` to probe a staging address instead; the stored sign-in header is not sent there. At most one run per assessment at a time (409), and a few across the instance (429).',
    scopes: ['probe'],
    body: { json: ProbeStart },
    response: { status: 202, json: ProbeStarted },
  },
  {
    method: 'GET',
    path: '/api/v1/assessments/{assessmentId}/probe-runs/{runId}',
    summary: 'A probe run’s state',
    description: '`state` is running, finished or failed; `checks` holds the checks finished so far.',
    scopes: ['probe', 'read', 'gate'],
    response: { status: 200, json: ProbeRunSchema },
  },
  {
    method: 'GET',
    path: '/api/v1/assessments/{assessmentId}/probe-runs/{runId}/result',
    summary: 'A finished probe run’s result',
    description: 'The result exactly as stored: the bytes its SHA-256 (`X-Result-SHA256`) was taken over.',
    scopes: ['probe', 'read', 'gate'],
    response: { status: 200, contentType: 'application/json', binary: true },
  },
];
