import { activeReportSigningKey, publishedReportKeys } from '@/db/queries/report-keys';
import { API_HEADERS, handleRoute } from '@/app/_server/route-handler';
import { AppError } from '@/lib/errors';

/**
 * GET /.well-known/preflight-report-keys — every public key this instance signs reports with, with when each
 * was valid. Public: whoever receives a report checks it against these, without an account.
 */
export async function GET() {
  return handleRoute(async () => {
    try {
      // Publishes the current key before the first export, so a verifier can fetch it ahead of time.
      activeReportSigningKey();
    } catch (error) {
      // A retired key in the environment stops signing, not publishing: old reports must still verify.
      if (!(error instanceof AppError)) throw error;
    }
    return new Response(`${JSON.stringify({ keys: publishedReportKeys() }, null, 2)}\n`, {
      headers: { ...API_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*' },
    });
  });
}
