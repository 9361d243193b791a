import 'server-only';
import { createHash } from 'node:crypto';
import { authorizeReportExport, loadReport, recordReportExport } from '@/db/queries/report';
import { activeReportSigningKey } from '@/db/queries/report-keys';
import { API_HEADERS } from '@/app/_server/route-handler';
import type { Actor } from '@/lib/auth/actor';
import type { ReportFormat } from '@/lib/domain/enums';
import { renderReport, REPORT_CONTENT_TYPES } from '@/lib/report/render';
import { signReport } from '@/lib/report/signing/sign';
import { contentDisposition } from '@/lib/vault/filename';

export function reportFileBase(appName: string): string {
  return appName.replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'assessment';
}

/**
 * A report export as a download: signed with the instance's Ed25519 key (in the PDF's metadata, or as a detached
 * .sig for CSV and JSON) and recorded by its SHA-256, so anyone holding the file can verify it.
 */
export async function reportResponse(actor: Actor, assessmentId: string, format: ReportFormat): Promise<Response> {
  const reportId = crypto.randomUUID();
  // Who may export is settled before the key: a refused request must write nothing, and a key's first use
  // writes its validity. The key comes before the report, whose time must fall inside that validity.
  authorizeReportExport(actor, assessmentId);
  const key = activeReportSigningKey();
  const data = { reportId, ...loadReport(actor, assessmentId) };
  const { bytes: body, envelope } = signReport(await renderReport(data, format), format, { reportId, appName: data.assessment.appName, generatedAt: data.generatedAt }, key);
  const sha256 = createHash('sha256').update(body).digest('hex');
  recordReportExport(actor, { id: reportId, assessmentId, format, sha256, sizeBytes: body.length, signatureKeyId: key.keyId, signature: JSON.stringify(envelope, null, 2) });
  return new Response(new Uint8Array(body), {
    headers: {
      ...API_HEADERS,
      'Content-Type': REPORT_CONTENT_TYPES[format],
      'Content-Disposition': contentDisposition(`${reportFileBase(data.assessment.appName)} security report ${data.generatedAt.slice(0, 10)}.${format}`),
      'Content-Length': String(body.length),
      'X-Report-Id': reportId,
      'X-Report-SHA256': sha256,
      'X-Report-Signature-Key': key.keyId,
      Link: `</api/reports/exports/${reportId}/signature>; rel="signature"`,
    },
  });
}
