import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { findExportByHash } from '@/db/queries/report';
import { requireActor } from '@/app/_server/current-user';
import { AppError, ValidationError } from '@/lib/errors';
import { handleRoute, jsonResponse, requireSameSiteRawBody } from '@/app/_server/route-handler';

const MAX_BYTES = 50 * 1024 * 1024;

/** POST /api/reports/verify — raw file body; answers whether its SHA-256 matches a recorded export. */
export async function POST(request: NextRequest) {
  return handleRoute(async () => {
    requireSameSiteRawBody(request);
    const actor = await requireActor();
    if (!request.body) throw new ValidationError('Choose a report file to check.');
    const hash = createHash('sha256');
    let size = 0;
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BYTES) {
        await reader.cancel();
        throw new AppError('Reports are far smaller than 50 MB; this file cannot be one.', 413);
      }
      hash.update(value);
    }
    if (size === 0) throw new ValidationError('The file is empty.');
    const sha256 = hash.digest('hex');
    const match = findExportByHash(actor, sha256);
    return jsonResponse({
      sha256,
      genuine: !!match,
      export: match ? { id: match.id, format: match.format, createdAt: match.createdAt.toISOString(), createdBy: match.createdBy, appName: match.appName, teamName: match.teamName } : null,
    });
  });
}
