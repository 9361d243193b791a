import 'server-only';
import { createHash } from 'node:crypto';
import { loadReport, recordReportExport } from '@/db/queries/report';
import { API_HEADERS } from '@/app/_server/route-handler';
import type { Actor } from '@/lib/auth/actor';
import type { ReportFormat } from '@/lib/domain/enums';
import { renderReport, REPORT_CONTENT_TYPES } from '@/lib/report/render';
import { contentDisposition } from '@/lib/vault/filename';

/** A report export as a download, recorded by its SHA-256 so anyone holding the file can verify it. */
export async function reportResponse(actor: Actor, assessmentId: string, format: ReportFormat): Promise<Response> {
  const reportId = crypto.randomUUID();
  const data = { reportId, ...loadReport(actor, assessmentId) };
  const body = await renderReport(data, format);
  const sha256 = createHash('sha256').update(body).digest('hex');
  recordReportExport(actor, { id: reportId, assessmentId, format, sha256, sizeBytes: body.length });
  const base = data.assessment.appName.replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'assessment';
  return new Response(new Uint8Array(body), {
    headers: {
      ...API_HEADERS,
      'Content-Type': REPORT_CONTENT_TYPES[format],
      'Content-Disposition': contentDisposition(`${base} security report ${data.generatedAt.slice(0, 10)}.${format}`),
      'Content-Length': String(body.length),
      'X-Report-Id': reportId,
      'X-Report-SHA256': sha256,
    },
  });
}
