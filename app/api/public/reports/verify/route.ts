import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { publishedReportKeys } from '@/db/queries/report-keys';
import { recordPublicVerification } from '@/db/queries/report';
import { readReportBody } from '@/app/_server/request-body';
import { handleRoute, jsonResponse } from '@/app/_server/route-handler';
import { RateLimiter } from '@/lib/api/rate-limit';
import { CLIENT_IP_HEADER } from '@/lib/auth/constants';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { SIGNATURE_HEADER, type PublicVerifyAnswer } from '@/lib/report/public-verify';
import { MAX_DETACHED_SIGNATURE_CHARS, verifyReport } from '@/lib/report/signing/verify';
import { contentTypeRefusal } from '@/lib/security/request-origin';

let limiter: RateLimiter | undefined;
function rateLimiter(): RateLimiter {
  const perMinute = env().PUBLIC_VERIFY_PER_MINUTE;
  if (limiter?.capacity !== perMinute) limiter = new RateLimiter(perMinute, perMinute / 60);
  return limiter;
}

/**
 * POST /api/public/reports/verify — no sign-in. The body is the report file; a CSV or JSON brings its .sig in
 * the X-Preflight-Signature header (base64url). The answer is the signature check and what the signed file itself
 * states (app, report id, date), never anything from this instance's records.
 */
export async function POST(request: NextRequest) {
  return handleRoute(async () => {
    const ip = request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
    const wait = rateLimiter().take(ip);
    if (wait !== null) throw new AppError(`Too many checks from your address. Try again in ${wait} s.`, 429);
    const wrongType = contentTypeRefusal(request.headers, 'application/octet-stream');
    if (wrongType) throw new AppError(wrongType, 415);
    const encodedSig = request.headers.get(SIGNATURE_HEADER);
    if (encodedSig && encodedSig.length > (MAX_DETACHED_SIGNATURE_CHARS * 4) / 3 + 4) throw new AppError('That signature file is far larger than a Preflight .sig.', 413);
    const sig = encodedSig ? Buffer.from(encodedSig, 'base64url').toString('utf8') : null;
    const bytes = await readReportBody(request);
    const outcome = verifyReport(bytes, sig, publishedReportKeys());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    recordPublicVerification({ sha256, genuine: outcome.genuine, reason: outcome.genuine ? null : outcome.reason, ip });
    if (!outcome.genuine) return jsonResponse({ genuine: false, message: outcome.message, sha256 } satisfies PublicVerifyAnswer);
    const s = outcome.statement;
    return jsonResponse({
      genuine: true,
      sha256,
      report: { format: s.format, reportId: s.reportId, appName: s.appName, generatedAt: s.generatedAt },
      key: { keyId: outcome.key.keyId, validFrom: outcome.key.validFrom, validUntil: outcome.key.validUntil },
    } satisfies PublicVerifyAnswer);
  });
}
