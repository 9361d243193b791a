import { getApiProbeRunResult } from '@/db/queries/api-v1';
import { apiRoute, pathId } from '@/app/_server/api-v1';
import { API_HEADERS } from '@/app/_server/route-handler';

/** GET /api/v1/assessments/:id/probe-runs/:runId/result — the finished result, the exact bytes its SHA-256 covers. */
export const GET = apiRoute<{ assessmentId: string; runId: string }>(({ principal, params }) => {
  const result = getApiProbeRunResult(principal, pathId(params.assessmentId), pathId(params.runId));
  const body = Buffer.from(result.text, 'utf8');
  return new Response(new Uint8Array(body), { headers: { ...API_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length), 'X-Result-SHA256': result.sha256 } });
});
