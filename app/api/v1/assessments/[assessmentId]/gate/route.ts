import { getApiGate } from '@/db/queries/api-v1';
import { gateText } from '@/db/queries/gate';
import { apiJson, apiRoute, pathId, queryOf } from '@/app/_server/api-v1';
import { API_HEADERS } from '@/app/_server/route-handler';
import { GateQuery } from '@/lib/api/schemas';

/**
 * GET /api/v1/assessments/:id/gate[?format=text] — may this app launch? Always 200 when asked well: the answer is
 * in `pass`, so a pipeline tells "not cleared" (pass false) from "could not ask" (a 4xx).
 */
export const GET = apiRoute<{ assessmentId: string }>(({ request, principal, params }) => {
  const verdict = getApiGate(principal, pathId(params.assessmentId));
  if (queryOf(request, GateQuery).format === 'text') return new Response(gateText(verdict), { headers: { ...API_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  return apiJson(verdict);
});
