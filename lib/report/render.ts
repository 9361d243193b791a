import type { ReportFormat } from '@/lib/domain/enums';
import { reportToCsv } from './csv';
import type { ReportData } from './model';
import { reportToPdf } from './pdf';

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export async function renderReport(report: ReportData, format: ReportFormat): Promise<Buffer> {
  if (format === 'pdf') return reportToPdf(report);
  if (format === 'csv') return Buffer.from(reportToCsv(report), 'utf8');
  return Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
