import { statusLabels } from '@/lib/checklist/statuses';
import { addFooters, createPdf, finish, heading, labelled, PAGE_MARGIN, paragraph } from '@/lib/pdf/document';
import { MONO_CHARS_PER_LINE, monoTable } from '@/lib/pdf/mono';
import { table } from '@/lib/pdf/table';
import { pdfSafe } from '@/lib/pdf/text';
import type { ReportData, ReportItem, ReportSignOff } from './model';

const CONTENT_WIDTH = 595.28 - 2 * PAGE_MARGIN;
const HASH_FONT = { font: 'Courier', fontSize: 6 };
const HASH_WIDTH = 64 * 3.6 + 10;
// Evidence listings are fixed-width: one text operation per row, and a 64-digit SHA-256 stays on one line.
const EVIDENCE_COLUMNS = [
  { header: 'Evidence', chars: MONO_CHARS_PER_LINE - 5 - 64 - 10 - 3 },
  { header: 'Kind', chars: 5 },
  { header: 'SHA-256', chars: 64 },
  // "(expired)" wraps under the date.
  { header: 'Valid to', chars: 10 },
];
const PROOF_LINES_MAX = 30;
const evidenceCells = (e: ReportData['manifest'][number]) => [e.name + (e.superseded ? ' (superseded)' : ''), e.kind, e.sha256 ?? '—', e.validUntil ? `${e.validUntil}${e.expired ? ' (expired)' : ''}` : '—'];

export function signOffText(s: ReportSignOff): string {
  if (s.state === 'signed') return `Signed off by ${s.reviewer ?? 'a former reviewer'} on ${s.at.slice(0, 10)}`;
  return s.state === 'stale' ? 'Sign-off stale: the item changed after it was signed' : 'Not signed';
}

function gapText(i: ReportItem): string | null {
  if (i.status === 'not_applicable') return i.justification ? `Justification: ${i.justification}` : null;
  if (i.gapText) return `${i.gapResponse === 'risk_acceptance' ? 'Risk acceptance' : `Plan${i.gapDueDate ? ` (by ${i.gapDueDate})` : ''}`}: ${i.gapText}`;
  return null;
}

/** The launch report: cover, summary, every applicable item, N/A items, plans, and the evidence manifest. */
export async function reportToPdf(report: ReportData): Promise<Buffer> {
  const doc = createPdf({ title: `Security readiness report: ${report.assessment.appName}`, subject: `Report ${report.reportId}` });

  // Cover
  doc.moveDown(4).font('Helvetica-Bold').fontSize(26).text(pdfSafe(report.assessment.appName));
  doc.font('Helvetica').fontSize(14).fillColor('#333333').text('Security readiness report').fillColor('#000000').moveDown(1.5);
  doc.fontSize(11);
  labelled(doc, 'Team', report.team);
  labelled(doc, 'App', `${report.assessment.appKind} app at ${report.assessment.baseUrl}`);
  labelled(doc, 'Target launch', report.assessment.targetLaunchDate);
  labelled(doc, 'Catalog version', report.assessment.catalogVersion);
  labelled(doc, 'Generated', `${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`);
  labelled(doc, 'Readiness', `${report.readiness.percent} % (${report.readiness.done} of ${report.readiness.applicable} applicable items met or not applicable)`);
  labelled(doc, 'Signed off', `${report.readiness.signed} of ${report.readiness.applicable} applicable items`);
  labelled(doc, 'Launch approval', report.launchApproval ? `approved by ${report.launchApproval.by ?? 'a former reviewer'} on ${report.launchApproval.at.slice(0, 10)}` : 'not approved');
  doc.moveDown(1.5);
  paragraph(doc, `Report ${report.reportId}. Check that this file is unaltered on the Verify page of the Preflight instance that produced it.`, { size: 9, color: '#444444' });
  paragraph(doc, `Audit log head when this report was made: entry #${report.auditHead.entries}, hash ${report.auditHead.hash}. Keep it: npm run audit:verify on the instance shows whether the log still reaches this entry unchanged.`, { size: 9, color: '#444444' });

  // Summary by category
  doc.addPage();
  heading(doc, 'Summary by category', 16);
  table(
    doc,
    [
      { header: 'Category', width: CONTENT_WIDTH - 3 * 80 },
      { header: 'Done', width: 80, align: 'right' },
      { header: 'Readiness', width: 80, align: 'right' },
      { header: 'Signed off', width: 80, align: 'right' },
    ],
    report.readiness.byCategory.map((c) => (c.applicable ? [c.title, `${c.done} / ${c.applicable}`, `${c.percent} %`, `${c.signed} / ${c.applicable}`] : [c.title, 'none apply', '—', '—'])),
    { fontSize: 9 },
  );

  // Applicable items
  heading(doc, 'Applicable items', 16);
  for (const item of report.items.filter((i) => i.applicable)) {
    heading(doc, item.title, 11);
    paragraph(doc, `${item.catalogItemId} · ${item.severity} severity · ${statusLabels[item.status]} · owner ${item.owner ?? '—'}${item.dueDate ? ` · due ${item.dueDate}` : ''}`, { size: 9, color: '#333333' });
    const gap = gapText(item);
    if (gap) paragraph(doc, gap, { size: 9 });
    // One text operation for all of an item's criteria: pdfkit's per-call set-up is a large part of a long report.
    paragraph(doc, item.criteria.map((c) => `${c.met ? '[x]' : '[ ]'} ${c.text}`).join('\n'), { size: 9 });
    if (item.evidence.length === 0) paragraph(doc, 'Evidence: none', { size: 9, color: '#777777' });
    else monoTable(doc, EVIDENCE_COLUMNS, item.evidence.map(evidenceCells));
    paragraph(doc, signOffText(item.signOff), { size: 9, color: item.signOff.state === 'signed' ? '#0d4d22' : '#7a1a14' });
  }

  // N/A by profile
  const excluded = report.items.filter((i) => !i.applicable);
  heading(doc, 'Not applicable by profile', 16);
  if (excluded.length === 0) paragraph(doc, 'Every catalog item applies to this app.', { size: 9 });
  else table(doc, [{ header: 'Item', width: CONTENT_WIDTH / 2 }, { header: 'Reason', width: CONTENT_WIDTH / 2 }], excluded.map((i) => [i.title, i.notApplicableReason ?? '']), { fontSize: 8 });

  // Plans
  heading(doc, 'Plans', 16);
  if (report.plans.length === 0) paragraph(doc, 'The team has no plans in Preflight.', { size: 9 });
  else
    table(
      doc,
      [
        { header: 'Plan', width: CONTENT_WIDTH - 60 - 60 - HASH_WIDTH },
        { header: 'Version', width: 60 },
        { header: 'Next review', width: 60 },
        { header: 'SHA-256', width: HASH_WIDTH, ...HASH_FONT },
      ],
      report.plans.map((p) => [p.title, p.version ? `v${p.version} (${p.publishedAt?.slice(0, 10)})` : 'draft only', p.nextReviewDate ?? '—', p.sha256 ?? '—']),
      { fontSize: 8 },
    );

  // Probe
  heading(doc, 'Probe results', 16);
  if (!report.probe) paragraph(doc, 'The probe has not run for this assessment.', { size: 9 });
  else {
    const p = report.probe;
    paragraph(doc, `Run ${p.runId}, finished ${p.finishedAt.slice(0, 16).replace('T', ' ')} UTC: ${p.passed} passed, ${p.failed} failed. Result SHA-256 ${p.sha256}.`, { size: 9 });
    for (const c of p.checks) {
      heading(doc, `${c.status.toUpperCase()}  ${c.id}: ${c.title}`, 9);
      paragraph(doc, `${c.summary}${c.items.length ? ` Verifies ${c.items.join(', ')}.` : ''}`, { size: 8 });
      // Long proofs (a descriptor of many modules) are cut here; the run's JSON keeps every line.
      const shown = c.proof.slice(0, PROOF_LINES_MAX);
      if (shown.length) paragraph(doc, shown.join('\n') + (c.proof.length > shown.length ? `\n… ${c.proof.length - shown.length} more lines in the run's JSON result` : ''), { size: 6.5, font: 'Courier', color: '#333333' });
    }
  }

  // Appendix
  doc.addPage();
  heading(doc, 'Appendix: evidence manifest', 16);
  if (report.manifest.length === 0) paragraph(doc, 'No evidence.', { size: 9 });
  const byItem = new Map<string, ReportData['manifest']>();
  for (const e of report.manifest) byItem.set(e.catalogItemId, [...(byItem.get(e.catalogItemId) ?? []), e]);
  for (const [catalogItemId, entries] of byItem) {
    doc.moveDown(0.2).font('Helvetica-Bold').fontSize(8).text(pdfSafe(catalogItemId));
    monoTable(doc, EVIDENCE_COLUMNS, entries.map(evidenceCells));
  }

  addFooters(doc, `${report.assessment.appName} · report ${report.reportId}`);
  return finish(doc);
}
