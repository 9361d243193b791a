import { getApiProbeRun } from '@/db/queries/api-v1';
import { apiJson, apiRoute, pathId } from '@/app/_server/api-v1';

/** GET /api/v1/assessments/:id/probe-runs/:runId — a run's state and the checks finished so far. */
export const GET = apiRoute<{ assessmentId: string; runId: string }>(({ principal, params }) => apiJson(getApiProbeRun(principal, pathId(params.assessmentId), pathId(params.runId))));
