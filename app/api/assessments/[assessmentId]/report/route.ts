import type { NextRequest } from 'next/server';
import { reportFormats, type ReportFormat } from '@/lib/domain/enums';
import { requireActor } from '@/app/_server/current-user';
import { reportResponse } from '@/app/_server/report-export';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { handleRoute } from '@/app/_server/route-handler';

/** GET /api/assessments/:id/report?format=pdf|csv|json — the report, recorded by its SHA-256 so it can be verified. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ assessmentId: string }> }) {
  return handleRoute(async () => {
    const actor = await requireActor();
    const { assessmentId } = await params;
    if (!/^[0-9a-f-]{36}$/.test(assessmentId)) throw new NotFoundError();
    const format = request.nextUrl.searchParams.get('format') ?? 'pdf';
    if (!(reportFormats as readonly string[]).includes(format)) throw new ValidationError('Choose format=pdf, format=csv or format=json.');
    return reportResponse(actor, assessmentId, format as ReportFormat);
  });
}
