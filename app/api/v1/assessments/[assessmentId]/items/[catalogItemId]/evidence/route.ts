import { authenticateBearer } from '@/db/auth/bearer';
import { requireApiAssessment } from '@/db/queries/api-v1';
import { CLIENT_IP_HEADER } from '@/lib/auth/constants';
import { apiJson, apiRoute, pathId, queryOf } from '@/app/_server/api-v1';
import { receiveEvidenceUpload } from '@/app/_server/evidence-transfer';
import { EvidenceUploadQuery } from '@/lib/api/schemas';
import { AppError } from '@/lib/errors';
import { contentTypeRefusal } from '@/lib/security/request-origin';

/**
 * POST /api/v1/assessments/:id/items/:catalogItemId/evidence?name=…[&validUntil=…][&replaces=…] with the raw file
 * as the body (application/octet-stream). It streams to disk encrypted, as an upload from the item page does.
 */
export const POST = apiRoute<{ assessmentId: string; catalogItemId: string }>(async ({ request, principal, params }) => {
  const assessment = requireApiAssessment(principal, 'write', pathId(params.assessmentId), 'assessment.write');
  const wrongType = contentTypeRefusal(request.headers, 'application/octet-stream');
  if (wrongType) throw new AppError(wrongType, 415);
  const query = queryOf(request, EvidenceUploadQuery);
  // The token is asked again after the upload, so one revoked (or expired) meanwhile writes nothing.
  const recheck = () => requireApiAssessment(authenticateBearer(request.headers.get('authorization'), request.headers.get(CLIENT_IP_HEADER)), 'write', assessment.id, 'assessment.write');
  const saved = await receiveEvidenceUpload(principal.actor, request, { ...query, assessmentId: assessment.id, catalogItemId: params.catalogItemId }, recheck);
  return apiJson(saved, 201);
});
