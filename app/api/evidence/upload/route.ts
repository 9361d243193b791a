import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { NextRequest } from 'next/server';
import { assertMayAddEvidence, recordEvidence } from '@/db/queries/evidence';
import { parseInput } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { env } from '@/lib/env';
import { ValidationError } from '@/lib/errors';
import { handleRoute, jsonResponse, requireSameSiteRawBody } from '@/app/_server/route-handler';
import { sanitizeFilename } from '@/lib/vault/filename';
import { keyRing } from '@/lib/vault/ring';
import { storeEncrypted, UploadTooLargeError } from '@/lib/vault/store';
import { UploadParamsSchema } from '../schemas';

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
    // Authorize before reading a single byte of the body.
    assertMayAddEvidence(actor, params.assessmentId, params.catalogItemId);
    const maxBytes = env().EVIDENCE_MAX_MB * 1024 * 1024;
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw new UploadTooLargeError(maxBytes);
    if (!request.body) throw new ValidationError('The upload is empty.');
    const id = crypto.randomUUID();
    const name = sanitizeFilename(params.name);
    const stored = await storeEncrypted(Readable.fromWeb(request.body as unknown as WebReadableStream), { evidenceId: id, filename: name, maxBytes, ring: keyRing(), dataDir: env().DATA_DIR });
    try {
      const row = recordEvidence(actor, {
        id,
        assessmentId: params.assessmentId,
        catalogItemId: params.catalogItemId,
        validUntil: params.validUntil ?? null,
        replaces: params.replaces ?? null,
        evidence: { kind: 'file', name, sizeBytes: stored.size, sha256: stored.sha256, storedName: stored.storedName, mimeType: stored.mime, keyId: stored.keyId, wrappedKey: stored.wrappedKey },
      });
      return jsonResponse({ id: row.id, name: row.name, sha256: row.sha256, size: row.sizeBytes, revision: row.revision }, 201);
    } catch (e) {
      // No file without a row.
      await unlink(stored.path).catch(() => undefined);
      throw e;
    }
  });
}
