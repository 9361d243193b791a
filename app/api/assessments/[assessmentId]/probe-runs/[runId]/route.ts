import { getProbeRun, getProbeRunResult } from '@/db/queries/probe';
import { requireActor } from '@/app/_server/current-user';
import { API_HEADERS, handleRoute, jsonResponse } from '@/app/_server/route-handler';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { contentDisposition } from '@/lib/vault/filename';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * GET /api/assessments/:id/probe-runs/:runId — a run's progress and the checks finished so far, for the watcher.
 * With ?format=result: the finished run's result exactly as stored, the bytes its SHA-256 was taken over.
 */
export async function GET(request: Request, { params }: { params: Promise<{ assessmentId: string; runId: string }> }) {
  return handleRoute(async () => {
    const actor = await requireActor();
    const { assessmentId, runId } = await params;
    if (!UUID.test(assessmentId) || !UUID.test(runId)) throw new NotFoundError();
    const format = new URL(request.url).searchParams.get('format');
    if (format === null) return jsonResponse(getProbeRun(actor, assessmentId, runId));
    if (format !== 'result') throw new ValidationError('Leave out format for the run’s progress, or ask for format=result.');
    const result = getProbeRunResult(actor, assessmentId, runId);
    const body = Buffer.from(result.text, 'utf8');
    return new Response(new Uint8Array(body), {
      headers: {
        ...API_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': contentDisposition(`probe result ${result.finishedAt.toISOString().slice(0, 10)} ${runId.slice(0, 8)}.json`),
        'Content-Length': String(body.length),
        'X-Result-SHA256': result.sha256,
      },
    });
  });
}
