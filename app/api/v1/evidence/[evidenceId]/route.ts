import { apiEvidenceForDownload } from '@/db/queries/api-v1';
import { apiRoute, pathId } from '@/app/_server/api-v1';
import { evidenceDownloadResponse } from '@/app/_server/evidence-transfer';

/** GET /api/v1/evidence/:id — the decrypted file, checked segment by segment and by SHA-256 (X-Evidence-SHA256). */
export const GET = apiRoute<{ evidenceId: string }>(({ principal, params }) => evidenceDownloadResponse(principal.actor, apiEvidenceForDownload(principal, pathId(params.evidenceId)), false));
