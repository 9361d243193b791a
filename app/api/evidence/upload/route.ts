import type { NextRequest } from 'next/server';
import { parseInput } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { receiveEvidenceUpload } from '@/app/_server/evidence-transfer';
import { handleRoute, jsonResponse, requireSameSiteRawBody } from '@/app/_server/route-handler';
import { UploadParamsSchema } from '@/lib/validation/evidence-upload';

/**
 * POST /api/evidence/upload?assessmentId=…&catalogItemId=…&name=…[&replaces=…][&validUntil=…] with the raw file as body.
 * The body streams to disk (never formData(), never whole in memory) and is refused while streaming once it
 * passes the limit.
 */
export async function POST(request: NextRequest) {
  return handleRoute(async () => {
    requireSameSiteRawBody(request);
    const actor = await requireActor();
    const params = parseInput(UploadParamsSchema, Object.fromEntries(request.nextUrl.searchParams));
    return jsonResponse(await receiveEvidenceUpload(actor, request, params), 201);
  });
}
