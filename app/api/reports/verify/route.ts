import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { findExportByHash } from '@/db/queries/report';
import { requireActor } from '@/app/_server/current-user';
import { readReportBody } from '@/app/_server/request-body';
import { handleRoute, jsonResponse, requireSameSiteRawBody } from '@/app/_server/route-handler';

/** POST /api/reports/verify — raw file body; answers whether its SHA-256 matches a recorded export. */
export async function POST(request: NextRequest) {
  return handleRoute(async () => {
    requireSameSiteRawBody(request);
    const actor = await requireActor();
    const sha256 = createHash('sha256').update(await readReportBody(request)).digest('hex');
    const match = findExportByHash(actor, sha256);
    return jsonResponse({
      sha256,
      genuine: !!match,
      export: match ? { id: match.id, format: match.format, createdAt: match.createdAt.toISOString(), createdBy: match.createdBy, appName: match.appName, teamName: match.teamName } : null,
    });
  });
}
