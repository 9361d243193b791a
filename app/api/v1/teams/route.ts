import { listApiTeams } from '@/db/queries/api-v1';
import { apiJson, apiRoute } from '@/app/_server/api-v1';

/** GET /api/v1/teams — the teams this token reaches, to find the ids the other endpoints take. */
export const GET = apiRoute(({ principal }) => apiJson(listApiTeams(principal)));
