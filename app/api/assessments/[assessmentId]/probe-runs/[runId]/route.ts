import { getProbeRun } from '@/db/queries/probe';
import { requireActor } from '@/app/_server/current-user';
import { NotFoundError } from '@/lib/errors';
import { handleRoute, jsonResponse } from '@/app/_server/route-handler';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** GET /api/assessments/:id/probe-runs/:runId — a run's progress and the checks finished so far, for the watcher. */
export async function GET(_request: Request, { params }: { params: Promise<{ assessmentId: string; runId: string }> }) {
  return handleRoute(async () => {
    const actor = await requireActor();
    const { assessmentId, runId } = await params;
    if (!UUID.test(assessmentId) || !UUID.test(runId)) throw new NotFoundError();
    return jsonResponse(getProbeRun(actor, assessmentId, runId));
  });
}
