import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { z } from 'zod';
import { assertMayAddEvidence, evidenceFileForDownload, recordEvidence, recordEvidenceDownload, recordIntegrityFailure } from '@/db/queries/evidence';
import type { Actor } from '@/lib/auth/actor';
import { env } from '@/lib/env';
import { ValidationError } from '@/lib/errors';
import { log } from '@/lib/log';
import { isAllowedMime } from '@/lib/vault/file-types';
import { contentDisposition, sanitizeFilename } from '@/lib/vault/filename';
import { PREVIEWABLE_TYPES } from '@/lib/vault/previewable';
import { keyRing } from '@/lib/vault/ring';
import { openDecrypted, storeEncrypted, UploadTooLargeError } from '@/lib/vault/store';
import { evidenceStore } from '@/lib/vault/stores';
import type { UploadParamsSchema } from '@/lib/validation/evidence-upload';

// Evidence files in and out, shared by the pages' routes (session) and the API's (bearer token): the body streams
// encrypted into the evidence store and is never whole in memory; a download is checked segment by segment and by
// SHA-256.

export type UploadParams = z.infer<typeof UploadParamsSchema>;

/**
 * Stores the request's body as evidence; authorized before a single byte of the body is read. `recheck` runs again
 * once the body is in, before the row is written: a credential that was revoked during a long upload stops it there.
 */
export async function receiveEvidenceUpload(actor: Actor, request: Request, params: UploadParams, recheck: () => void = () => undefined) {
  assertMayAddEvidence(actor, params.assessmentId, params.catalogItemId);
  const maxBytes = env().EVIDENCE_MAX_MB * 1024 * 1024;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new UploadTooLargeError(maxBytes);
  if (!request.body) throw new ValidationError('The upload is empty.');
  const id = crypto.randomUUID();
  const name = sanitizeFilename(params.name);
  const stored = await storeEncrypted(Readable.fromWeb(request.body as unknown as WebReadableStream), { evidenceId: id, filename: name, maxBytes, ring: keyRing(), dataDir: env().DATA_DIR });
  try {
    recheck();
    const row = recordEvidence(actor, {
      id,
      assessmentId: params.assessmentId,
      catalogItemId: params.catalogItemId,
      validUntil: params.validUntil ?? null,
      replaces: params.replaces ?? null,
      evidence: { kind: 'file', name, sizeBytes: stored.size, sha256: stored.sha256, storedName: stored.storedName, mimeType: stored.mime, keyId: stored.keyId, wrappedKey: stored.wrappedKey },
    });
    return { id: row.id, name: row.name, sha256: row.sha256!, size: row.sizeBytes!, revision: row.revision };
  } catch (e) {
    // No file without a row.
    await evidenceStore(env().DATA_DIR).delete(stored.storedName).catch(() => undefined);
    throw e;
  }
}

/** The decrypted file as a streamed response; the stream is cut off before an unverified end reaches the client. */
export function evidenceDownloadResponse(actor: Actor, evidence: ReturnType<typeof evidenceFileForDownload>, inline: boolean): Response {
  const mimeType = isAllowedMime(evidence.mimeType) ? evidence.mimeType : 'application/octet-stream';
  if (inline && !PREVIEWABLE_TYPES.includes(mimeType)) throw new ValidationError('Only images and PDFs can be previewed. Download this file instead.');
  const body = openDecrypted({ id: evidence.id, storedName: evidence.storedName, keyId: evidence.keyId, wrappedKey: evidence.wrappedKey, sha256: evidence.sha256 }, keyRing(), env().DATA_DIR);
  body.on('error', (err) => {
    log.error({ event: 'evidence.integrity-failed', evidenceId: evidence.id, reason: err.message }, 'evidence integrity check failed');
    recordIntegrityFailure(actor, evidence.id, err.message);
  });
  recordEvidenceDownload(actor, evidence.id, inline ? 'preview' : 'download');
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      'Content-Type': mimeType,
      'Content-Disposition': contentDisposition(evidence.name, inline ? 'inline' : 'attachment'),
      'Content-Length': String(evidence.sizeBytes ?? 0),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'X-Evidence-SHA256': evidence.sha256,
      // Sandboxed either way: an opaque origin, no scripts, no forms. Only our own pages may frame a preview.
      'Content-Security-Policy': inline ? "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'" : "sandbox; default-src 'none'; frame-ancestors 'none'",
      'X-Frame-Options': inline ? 'SAMEORIGIN' : 'DENY',
      'Cross-Origin-Resource-Policy': 'same-origin',
    },
  });
}
