import type { NextRequest } from 'next/server';
import { evidenceFileForDownload } from '@/db/queries/evidence';
import { requireActor } from '@/app/_server/current-user';
import { evidenceDownloadResponse } from '@/app/_server/evidence-transfer';
import { handleRoute } from '@/app/_server/route-handler';
import { NotFoundError } from '@/lib/errors';

/**
 * GET /api/evidence/:id — the decrypted file as an attachment, checked segment by segment and by SHA-256.
 * With ?disposition=inline, images and PDFs come back for the item page's preview, sandboxed and frameable
 * only by our own pages.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ evidenceId: string }> }) {
  return handleRoute(async () => {
    const actor = await requireActor();
    const { evidenceId } = await params;
    if (!/^[0-9a-f-]{36}$/.test(evidenceId)) throw new NotFoundError();
    const inline = request.nextUrl.searchParams.get('disposition') === 'inline';
    return evidenceDownloadResponse(actor, evidenceFileForDownload(actor, evidenceId), inline);
  });
}
