import { getAssessmentDetail } from '@/db/queries/api-v1';
import { apiJson, apiRoute, pathId } from '@/app/_server/api-v1';

/** GET /api/v1/assessments/:id — one assessment with every item's state and version. */
export const GET = apiRoute<{ assessmentId: string }>(({ principal, params }) => apiJson(getAssessmentDetail(principal, pathId(params.assessmentId))));
