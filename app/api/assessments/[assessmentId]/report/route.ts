import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { loadReport, recordReportExport } from '@/db/queries/report';
import { reportFormats, type ReportFormat } from '@/lib/domain/enums';
import { requireActor } from '@/app/_server/current-user';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { renderReport, REPORT_CONTENT_TYPES } from '@/lib/report/render';
import { API_HEADERS, handleRoute } from '@/app/_server/route-handler';
import { contentDisposition } from '@/lib/vault/filename';

/** GET /api/assessments/:id/report?format=pdf|csv|json — the report, recorded by its SHA-256 so it can be verified. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ assessmentId: string }> }) {
  return handleRoute(async () => {
    const actor = await requireActor();
    const { assessmentId } = await params;
    if (!/^[0-9a-f-]{36}$/.test(assessmentId)) throw new NotFoundError();
    const format = request.nextUrl.searchParams.get('format') ?? 'pdf';
    if (!(reportFormats as readonly string[]).includes(format)) throw new ValidationError('Choose format=pdf, format=csv or format=json.');
    const reportId = crypto.randomUUID();
    const data = { reportId, ...loadReport(actor, assessmentId) };
    const body = await renderReport(data, format as ReportFormat);
    const sha256 = createHash('sha256').update(body).digest('hex');
    recordReportExport(actor, { id: reportId, assessmentId, format: format as ReportFormat, sha256, sizeBytes: body.length });
    const base = data.assessment.appName.replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'assessment';
    return new Response(new Uint8Array(body), {
      headers: {
        ...API_HEADERS,
        'Content-Type': REPORT_CONTENT_TYPES[format as ReportFormat],
        'Content-Disposition': contentDisposition(`${base} security report ${data.generatedAt.slice(0, 10)}.${format}`),
        'Content-Length': String(body.length),
        'X-Report-Id': reportId,
      },
    });
  });
}
