import { startApiProbeRun } from '@/db/queries/api-v1';
import { apiJson, apiRoute, jsonBodyOf, pathId } from '@/app/_server/api-v1';
import { ProbeStart } from '@/lib/api/schemas';

/** POST /api/v1/assessments/:id/probe-runs {baseUrl?} — start a probe run (of a staging address, if given). 202. */
export const POST = apiRoute<{ assessmentId: string }>(async ({ request, principal, params }) => {
  const assessmentId = pathId(params.assessmentId);
  const { baseUrl } = await jsonBodyOf(request, ProbeStart, { optional: true });
  const { runId } = startApiProbeRun(principal, assessmentId, baseUrl);
  return apiJson({ runId, status: `/api/v1/assessments/${assessmentId}/probe-runs/${runId}` }, 202, { Location: `/api/v1/assessments/${assessmentId}/probe-runs/${runId}` });
});
