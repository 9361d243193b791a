import { requireApiAssessment } from '@/db/queries/api-v1';
import { apiRoute, pathId, queryOf } from '@/app/_server/api-v1';
import { reportResponse } from '@/app/_server/report-export';
import { ReportQuery } from '@/lib/api/schemas';

/** GET /api/v1/assessments/:id/report?format=pdf|csv|json — an export, recorded by its SHA-256 (X-Report-SHA256). */
export const GET = apiRoute<{ assessmentId: string }>(({ request, principal, params }) => {
  const assessment = requireApiAssessment(principal, 'read', pathId(params.assessmentId));
  return reportResponse(principal.actor, assessment.id, queryOf(request, ReportQuery).format);
});
