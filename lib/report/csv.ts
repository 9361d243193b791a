import { stringify } from 'csv-stringify/sync';
import { statusLabels } from '@/lib/checklist/statuses';
import type { ReportData } from './model';

/** Neutralises spreadsheet formulas: a cell starting with = + - @ (or tab/CR) is prefixed with a quote. */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One row per checklist item, applicable or not. Every row carries the report id, so two exports of an unchanged
 * assessment are two different files, each verifiable on its own.
 */
export function reportToCsv(report: ReportData): string {
  const header = ['report_id', 'item_id', 'title', 'category', 'severity', 'applicable', 'status', 'owner', 'due_date', 'justification_or_plan', 'plan_closed_by', 'criteria_met', 'evidence_count', 'evidence_sha256', 'evidence_links', 'evidence_notes', 'sign_off', 'reviewer', 'signed_at'];
  const rows = report.items.map((i) => {
    const signOff = i.signOff;
    return [
      report.reportId,
      i.catalogItemId,
      i.title,
      i.categoryTitle,
      i.severity,
      i.applicable ? 'yes' : 'no',
      i.applicable ? statusLabels[i.status] : 'Not applicable (profile)',
      i.owner ?? '',
      i.dueDate ?? '',
      i.applicable ? i.justification || i.gapText : (i.notApplicableReason ?? ''),
      i.gapResponse === 'plan' ? (i.gapDueDate ?? '') : '',
      `${i.criteria.filter((c) => c.met).length}/${i.criteria.length}`,
      String(i.evidence.length),
      i.evidence.map((e) => e.sha256 ?? '').filter(Boolean).join(' '),
      i.evidence.flatMap((e) => (e.url ? [e.url] : [])).join(' '),
      i.evidence.flatMap((e) => (e.text ? [`${e.name}: ${e.text}`] : [])).join('\n'),
      signOff.state,
      // A stale sign-off keeps who signed and when; the state column says it no longer holds.
      signOff.state === 'unsigned' ? '' : (signOff.reviewer ?? ''),
      signOff.state === 'unsigned' ? '' : signOff.at,
    ].map(csvSafe);
  });
  return stringify([header, ...rows]);
}
