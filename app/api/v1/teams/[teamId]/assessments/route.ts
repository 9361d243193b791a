import { listAssessmentsPage } from '@/db/queries/api-v1';
import { apiJson, apiRoute, pathId, queryOf } from '@/app/_server/api-v1';
import { PageQuery } from '@/lib/api/schemas';

/** GET /api/v1/teams/:teamId/assessments?cursor=…&limit=… — the team's assessments, oldest first. */
export const GET = apiRoute<{ teamId: string }>(({ request, principal, params }) => apiJson(listAssessmentsPage(principal, pathId(params.teamId), queryOf(request, PageQuery))));
