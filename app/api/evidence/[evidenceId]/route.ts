import { Readable } from 'node:stream';
import type { NextRequest } from 'next/server';
import { evidenceFileForDownload, recordEvidenceDownload, recordIntegrityFailure } from '@/db/queries/evidence';
import { requireActor } from '@/app/_server/current-user';
import { env } from '@/lib/env';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { log } from '@/lib/log';
import { handleRoute } from '@/app/_server/route-handler';
import { isAllowedMime } from '@/lib/vault/file-types';
import { contentDisposition } from '@/lib/vault/filename';
import { PREVIEWABLE_TYPES } from '@/lib/vault/previewable';
import { keyRing } from '@/lib/vault/ring';
import { openDecrypted } from '@/lib/vault/store';

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
    const evidence = evidenceFileForDownload(actor, evidenceId);
    const body = openDecrypted({ id: evidence.id, storedName: evidence.storedName, keyId: evidence.keyId, wrappedKey: evidence.wrappedKey, sha256: evidence.sha256 }, keyRing(), env().DATA_DIR);
    body.on('error', (err) => {
      // The response is cut off mid-stream: the client never receives an unverified end of the file.
      log.error({ event: 'evidence.integrity-failed', evidenceId, reason: err.message }, 'evidence integrity check failed');
      recordIntegrityFailure(actor, evidenceId, err.message);
    });
    const mimeType = isAllowedMime(evidence.mimeType) ? evidence.mimeType : 'application/octet-stream';
    if (inline && !PREVIEWABLE_TYPES.includes(mimeType)) throw new ValidationError('Only images and PDFs can be previewed. Download this file instead.');
    recordEvidenceDownload(actor, evidenceId, inline ? 'preview' : 'download');
    return new Response(Readable.toWeb(body) as ReadableStream, {
      headers: {
        'Content-Type': mimeType,
        'Content-Disposition': contentDisposition(evidence.name, inline ? 'inline' : 'attachment'),
        'Content-Length': String(evidence.sizeBytes ?? 0),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        // Sandboxed either way: an opaque origin, no scripts, no forms. Only our own pages may frame a preview.
        'Content-Security-Policy': inline ? "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'" : "sandbox; default-src 'none'; frame-ancestors 'none'",
        'X-Frame-Options': inline ? 'SAMEORIGIN' : 'DENY',
        'Cross-Origin-Resource-Policy': 'same-origin',
      },
    });
  });
}
