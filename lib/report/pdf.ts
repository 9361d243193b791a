import { statusLabels } from '@/lib/checklist/statuses';
import type { ItemStatus } from '@/lib/domain/enums';
import { addPageFurniture, artifact, CONTENT_WIDTH, createPdf, ensureSpace, finish, heading, heightOf, INK, PAGE_MARGIN, paragraph, tag, write, type Pdf, type StructParent } from '@/lib/pdf/document';
import { bar, CHECKED, chip, UNCHECKED, type Tone } from '@/lib/pdf/draw';
import { table, type Cell } from '@/lib/pdf/table';
import type { ReportApproval, ReportData, ReportEvidence, ReportItem, ReportProbe } from './model';
import { PDF_SIGNATURE_SLOT } from './signing/pdf-slot';
import { appSentence, reportVerdict } from './verdict';

const STATUS_TONES: Record<ItemStatus, Tone> = {
  met: { fill: '#1e7b3a', text: '#ffffff' },
  partially_met: { fill: '#f3c969', text: '#3b2a00' },
  not_met: { fill: '#b42318', text: '#ffffff' },
  in_progress: { fill: '#1f4e8c', text: '#ffffff' },
  not_started: { fill: '#dedede', text: '#2b2b2b' },
  not_applicable: { fill: '#e3e8ef', text: '#2b2b2b' },
};
const SIGN_OFF_TONES = { signed: { fill: '#d7efdd', text: '#0d4d22' }, stale: { fill: '#fbe7c6', text: '#5c3b00' }, unsigned: { fill: '#eeeeee', text: '#444444' } } as const;
const CHECK_TONES: Record<string, Tone> = { pass: STATUS_TONES.met, fail: STATUS_TONES.not_met, warn: STATUS_TONES.partially_met, skip: STATUS_TONES.not_started, error: { fill: '#6b1d1d', text: '#ffffff' } };
const SIGN_OFF_WORDS = { signed: 'Signed off', stale: 'Sign-off stale', unsigned: 'Not signed' } as const;
const PROOF_LINES_MAX = 30;
// Room for a criterion's ballot box and a space before its text.
const CRITERION_INDENT = 16;
const NOTE_CHARS_MAX = 1500;

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const itemDestination = (id: string) => `item-${id}`;
const categoryDestination = (slug: string) => `category-${slug}`;

function bytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function signOffText(s: ReportData['items'][number]['signOff']): string {
  if (s.state === 'signed') return `Signed off by ${s.reviewer ?? 'a former reviewer'} on ${s.at.slice(0, 10)}`;
  return s.state === 'stale' ? `Sign-off stale: signed by ${s.reviewer ?? 'a former reviewer'} on ${s.at.slice(0, 10)}, changed since` : 'Not signed';
}

function gapText(i: ReportItem): string | null {
  if (i.status === 'not_applicable') return i.justification ? `Not applicable: ${i.justification}` : null;
  if (i.gapText) return `${i.gapResponse === 'risk_acceptance' ? 'Risk accepted' : `Plan to close the gap${i.gapDueDate ? ` by ${i.gapDueDate}` : ''}`}: ${i.gapText}`;
  return null;
}

/** Nobody touched it: it takes one line, not a block. */
const untouched = (i: ReportItem) => i.status === 'not_started' && i.evidence.length === 0 && !i.criteria.some((c) => c.met) && i.signOffTrail.length === 0 && !i.justification && !i.gapText;

type Ctx = { doc: Pdf; root: StructParent; report: ReportData; titles: Map<string, string> };

function cover({ doc, root, report }: Ctx): void {
  const verdict = reportVerdict(report);
  const a = report.assessment;
  const applicable = report.items.filter((i) => i.applicable);
  const met = applicable.filter((i) => i.status === 'met').length;
  const sect = tag(doc, root, 'Sect', null, { title: 'Cover' });
  doc.y = PAGE_MARGIN + 10;
  paragraph(doc, sect, 'SECURITY READINESS REPORT', { face: 'sans-bold', size: 9, color: INK.accent });
  tag(doc, sect, 'H1', () => write(doc, a.appName, { face: 'sans-bold', size: 24 }, { x: PAGE_MARGIN, width: CONTENT_WIDTH }));
  paragraph(doc, sect, `${report.team} · ${appSentence(a)}`, { size: 10.5, color: INK.muted });
  paragraph(doc, sect, `Target launch ${a.targetLaunchDate} · catalog version ${a.catalogVersion} · generated ${utc(report.generatedAt)}`, { size: 9, color: INK.muted });

  // The verdict band: colour for the eye, the sentence for everyone.
  doc.moveDown(1);
  const bandY = doc.y;
  const tone = verdict.approved ? { fill: '#e3f3e7', edge: '#1e7b3a', text: '#0d4d22' } : { fill: '#fdecea', edge: '#b42318', text: '#7a1a14' };
  const bandHeight = heightOf(doc, verdict.headline, { face: 'sans-bold', size: 13 }, CONTENT_WIDTH - 24) + 24;
  artifact(doc, () => {
    doc.rect(PAGE_MARGIN, bandY, CONTENT_WIDTH, bandHeight).fill(tone.fill);
    doc.rect(PAGE_MARGIN, bandY, 4, bandHeight).fill(tone.edge);
  });
  tag(doc, sect, 'H2', () => write(doc, verdict.headline, { face: 'sans-bold', size: 13, color: tone.text }, { x: PAGE_MARGIN + 14, y: bandY + 12, width: CONTENT_WIDTH - 24 }));
  doc.y = bandY + bandHeight + 12;

  // Three shares as bars.
  const shares = [
    { label: 'Readiness (met or not applicable)', done: report.readiness.done, of: report.readiness.applicable, color: INK.accent },
    { label: 'Met', done: met, of: applicable.length, color: '#1e7b3a' },
    { label: 'Signed off', done: report.readiness.signed, of: report.readiness.applicable, color: '#6b4fa0' },
  ];
  for (const s of shares) {
    const y = doc.y;
    const percent = s.of ? Math.round((s.done / s.of) * 100) : 0;
    tag(doc, sect, 'P', () => write(doc, s.label, { size: 9.5 }, { x: PAGE_MARGIN, y, width: 190, lineBreak: false }));
    bar(doc, sect, s, { x: PAGE_MARGIN + 195, y: y + 1, width: 170, height: 9 }, { label: s.label, color: s.color });
    tag(doc, sect, 'P', () => write(doc, `${percent} % · ${s.done} of ${s.of}`, { face: 'sans-bold', size: 9.5 }, { x: PAGE_MARGIN + 375, y, width: CONTENT_WIDTH - 375, lineBreak: false }));
    doc.x = PAGE_MARGIN;
    doc.y = y + 16;
  }

  // Categories, each linking to its section.
  doc.moveDown(0.6);
  tag(doc, sect, 'H2', () => write(doc, 'By category', { face: 'sans-bold', size: 11 }, { x: PAGE_MARGIN }));
  doc.moveDown(0.2);
  table(
    doc,
    sect,
    [
      { header: 'Category', width: 200 },
      { header: 'Readiness', width: 150 },
      { header: 'Done', width: 60, align: 'right' },
      { header: 'Signed off', width: 70, align: 'right' },
    ],
    report.readiness.byCategory.map((c) => [
      { text: c.title, goTo: categoryDestination(c.slug), style: { color: INK.accent } },
      c.applicable ? { text: `${c.percent} %`, bar: { done: c.done, of: c.applicable } } : 'none apply',
      c.applicable ? `${c.done} / ${c.applicable}` : '—',
      c.applicable ? `${c.signed} / ${c.applicable}` : '—',
    ]),
    { size: 8, summary: 'Readiness by category' },
  );

  // The probe's latest word and how to check this file.
  const p = report.probe;
  paragraph(doc, sect, p ? `Probe: latest run ${utc(p.finishedAt)}, ${p.passed} passed, ${p.failed} failed (details in "Probe results").` : 'Probe: it has not run for this assessment.', { size: 9 });
  doc.moveDown(0.6);
  paragraph(doc, sect, 'How to verify this report', { face: 'sans-bold', size: 9 });
  paragraph(doc, sect, `Report ${report.reportId}. This file is signed with the Preflight instance's Ed25519 key (the signature is in the PDF's metadata). Check it with the public keys at /.well-known/preflight-report-keys of the instance, on its public "Verify a report" page, or offline: npm run -s report:verify -- FILE --keys URL.`, { size: 8, color: INK.muted });
  paragraph(doc, sect, `Audit log head when this report was made: entry #${report.auditHead.entries}, hash ${report.auditHead.hash}. Keep it: npm run audit:verify on the instance shows whether the log still reaches this entry unchanged.`, { size: 8, color: INK.muted });
  sect.end();
}

function glance({ doc, root, report }: Ctx): void {
  doc.addPage();
  const sect = tag(doc, root, 'Sect', null, { title: 'Items at a glance' });
  heading(doc, sect, 'Items at a glance', 1);
  paragraph(doc, sect, 'Every applicable item with its status and sign-off. Each title links to the item.', { size: 8.5, color: INK.muted });
  doc.moveDown(0.3);
  const rows: Cell[][] = [];
  for (const category of report.readiness.byCategory) {
    const items = report.items.filter((i) => i.applicable && i.category === category.slug);
    if (items.length === 0) continue;
    rows.push([{ text: category.title, style: { face: 'sans-bold', color: INK.accent }, goTo: categoryDestination(category.slug) }, '', '', '']);
    for (const i of items) rows.push([{ text: i.title, goTo: itemDestination(i.catalogItemId) }, statusLabels[i.status], String(i.evidence.length), SIGN_OFF_WORDS[i.signOff.state]]);
  }
  table(doc, sect, [{ header: 'Item', width: 290 }, { header: 'Status', width: 80 }, { header: 'Evidence', width: 50, align: 'right' }, { header: 'Sign-off', width: 70 }], rows, { size: 7.5, summary: 'Items at a glance' });
  sect.end();
}

function evidenceTable(ctx: Ctx, parent: StructParent, evidence: ReportEvidence[]): void {
  // Four cells a row: a report lists hundreds of pieces of evidence, and each tagged cell has a cost.
  const rows: Cell[][] = evidence.map((e) => {
    const details = [
      e.name + (e.superseded ? ' (superseded)' : ''),
      ...(e.url ? [e.url] : []),
      ...(e.text ? [e.text.length > NOTE_CHARS_MAX ? `${e.text.slice(0, NOTE_CHARS_MAX)}… (the rest is in the JSON export)` : e.text] : []),
      ...(e.kind === 'probe' ? [`Verified by probe${e.probeOutcome ? `: ${e.probeOutcome.replaceAll(';', ', ')}` : ''}`] : []),
    ];
    return [
      e.url ? { text: details.join('\n'), link: e.url } : details.join('\n'),
      `${e.kind === 'text' ? 'note' : e.kind}${e.sizeBytes === null ? '' : `, ${bytes(e.sizeBytes)}`}`,
      { text: e.sha256 ? `${e.sha256.slice(0, 12)}…` : '—', style: { face: 'mono' } },
      e.validUntil ? `${e.expired ? 'expired ' : ''}${e.validUntil}` : '—',
    ];
  });
  table(
    ctx.doc,
    parent,
    [
      { header: 'Evidence', width: 255 },
      { header: 'Kind, size', width: 75 },
      { header: 'SHA-256', width: 70 },
      { header: 'Valid until', width: 83 },
    ],
    rows,
    { size: 7.5, summary: 'Evidence' },
  );
}

function approvalLine(a: ReportApproval, current: boolean): string {
  return `${current ? 'Signed off' : 'Earlier sign-off (stale)'} by ${a.reviewer ?? 'a former reviewer'}, ${utc(a.at)}, digest ${a.digest.slice(0, 16)}…`;
}

function itemBlock(ctx: Ctx, parent: StructParent, item: ReportItem, outline: PDFKit.PDFOutline): void {
  const { doc } = ctx;
  if (untouched(item)) {
    ensureSpace(doc, 16);
    outline.addItem(item.title);
    doc.addNamedDestination(itemDestination(item.catalogItemId), 'XYZ', PAGE_MARGIN, doc.page.height - doc.y, 0);
    const y = doc.y;
    const x = chip(doc, parent, statusLabels[item.status], STATUS_TONES[item.status], PAGE_MARGIN, y);
    tag(doc, parent, 'P', () => write(doc, `${item.title}${item.owner ? ` · owner ${item.owner}` : ''}${item.dueDate ? ` · due ${item.dueDate}` : ''}`, { size: 8.5 }, { x, y: y + 1.5, width: PAGE_MARGIN + CONTENT_WIDTH - x }));
    doc.x = PAGE_MARGIN;
    doc.y = Math.max(doc.y, y + 14);
    return;
  }
  const sect = tag(doc, parent, 'Sect', null, { title: item.title });
  ensureSpace(doc, 90);
  outline.addItem(item.title);
  heading(doc, sect, item.title, 2, { destination: itemDestination(item.catalogItemId) });
  const y = doc.y;
  let x = chip(doc, sect, statusLabels[item.status], STATUS_TONES[item.status], PAGE_MARGIN, y);
  x = chip(doc, sect, SIGN_OFF_WORDS[item.signOff.state], SIGN_OFF_TONES[item.signOff.state], x, y);
  tag(doc, sect, 'P', () =>
    write(doc, `${item.severity} severity · owner ${item.owner ?? '—'}${item.dueDate ? ` · due ${item.dueDate}` : ''} · ${item.catalogItemId}`, { size: 8, color: INK.muted }, { x, y: y + 2, width: PAGE_MARGIN + CONTENT_WIDTH - x }),
  );
  doc.x = PAGE_MARGIN;
  doc.y = Math.max(doc.y, y + 14) + 3;
  const gap = gapText(item);
  if (gap) paragraph(doc, sect, gap, { size: 8.5 });
  if (item.criteria.length) {
    const list = tag(doc, sect, 'L', null);
    for (const c of item.criteria) {
      tag(doc, list, 'LI', () => {
        // The box hangs to the left, so a criterion that wraps lines up under its own first word.
        const style = { size: 8.5, color: c.met ? INK.text : INK.muted };
        const top = doc.y;
        write(doc, c.met ? CHECKED : UNCHECKED, style, { x: PAGE_MARGIN + 4, y: top });
        write(doc, c.text, style, { x: PAGE_MARGIN + CRITERION_INDENT, y: top, width: CONTENT_WIDTH - CRITERION_INDENT });
      });
    }
    list.end();
  }
  doc.moveDown(0.3);
  if (item.evidence.length === 0) paragraph(doc, sect, 'Evidence: none', { size: 8, color: INK.faint });
  else evidenceTable(ctx, sect, item.evidence);
  if (item.signOffTrail.length === 0) paragraph(doc, sect, 'Not signed off yet.', { size: 8, color: INK.faint });
  else {
    const current = item.signOff.state === 'signed' ? item.signOff.at : null;
    paragraph(doc, sect, item.signOffTrail.map((a) => approvalLine(a, a.at === current)).join('\n'), { size: 8, color: item.signOff.state === 'signed' ? '#0d4d22' : '#5c3b00' });
  }
  sect.end();
}

function items(ctx: Ctx): void {
  const { doc, root, report } = ctx;
  for (const category of report.readiness.byCategory) {
    const list = report.items.filter((i) => i.applicable && i.category === category.slug);
    if (list.length === 0) continue;
    doc.addPage();
    const sect = tag(doc, root, 'Sect', null, { title: category.title });
    const outline = doc.outline.addItem(category.title);
    heading(doc, sect, category.title, 1, { destination: categoryDestination(category.slug) });
    paragraph(doc, sect, `${category.done} of ${category.applicable} done (${category.percent} %), ${category.signed} signed off.`, { size: 8.5, color: INK.muted });
    for (const item of list) itemBlock(ctx, sect, item, outline);
    sect.end();
  }
}

/** A top-level section: its structure element, its outline entry and its heading. */
function topSection({ doc, root }: Ctx, title: string, headingText = title): { sect: ReturnType<typeof tag>; outline: PDFKit.PDFOutline } {
  const sect = tag(doc, root, 'Sect', null, { title });
  const outline = doc.outline.addItem(title);
  heading(doc, sect, headingText, 1);
  return { sect, outline };
}

function notApplicable(ctx: Ctx): void {
  const { doc, report } = ctx;
  const excluded = report.items.filter((i) => !i.applicable || i.status === 'not_applicable');
  doc.addPage();
  const { sect } = topSection(ctx, 'Not applicable');
  if (excluded.length === 0) paragraph(doc, sect, 'Every catalog item applies to this app.', { size: 9 });
  else
    table(
      doc,
      sect,
      [{ header: 'Item', width: 200 }, { header: 'Category', width: 100 }, { header: 'Why', width: 183 }],
      excluded.map((i) => [i.title, i.categoryTitle, i.applicable ? `Team: ${i.justification || 'no justification given'}` : `Profile: ${i.notApplicableReason ?? ''}`]),
      { size: 7.5, summary: 'Items that do not apply, with the reason' },
    );
  sect.end();
}

function plansSection(ctx: Ctx): void {
  const { doc, report } = ctx;
  const { sect } = topSection(ctx, 'Plans');
  if (report.plans.length === 0) paragraph(doc, sect, 'The team has no plans in Preflight.', { size: 9 });
  else
    table(
      doc,
      sect,
      [{ header: 'Plan', width: 150 }, { header: 'Version', width: 70 }, { header: 'Next review', width: 60 }, { header: 'Last exercised', width: 60 }, { header: 'SHA-256', width: 143 }],
      report.plans.map((p) => [p.title, p.version ? `v${p.version} (${p.publishedAt?.slice(0, 10)})` : 'draft only', p.nextReviewDate ?? '—', p.lastExercisedDate ?? '—', { text: p.sha256 ?? '—', style: { face: 'mono', size: 6 } }]),
      { size: 7.5, summary: 'Plans' },
    );
  sect.end();
}

function probeSection(ctx: Ctx, p: ReportProbe | null): void {
  const { doc, titles } = ctx;
  doc.addPage();
  const { sect, outline } = topSection(ctx, 'Probe results');
  if (!p) {
    paragraph(doc, sect, 'The probe has not run for this assessment.', { size: 9 });
    sect.end();
    return;
  }
  paragraph(doc, sect, `Run ${p.runId}, finished ${utc(p.finishedAt)}: ${p.passed} passed, ${p.failed} failed. Result SHA-256 ${p.sha256}.`, { size: 8.5, color: INK.muted });
  for (const c of p.checks) {
    ensureSpace(doc, 60);
    outline.addItem(`${c.status.toUpperCase()} ${c.title}`);
    const check = tag(doc, sect, 'Sect', null, { title: c.title });
    doc.moveDown(0.5);
    const y = doc.y;
    const x = chip(doc, check, c.status.toUpperCase(), CHECK_TONES[c.status] ?? STATUS_TONES.not_started, PAGE_MARGIN, y);
    tag(doc, check, 'H3', () => write(doc, `${c.title} (${c.id})`, { face: 'sans-bold', size: 9.5 }, { x, y: y + 1, width: PAGE_MARGIN + CONTENT_WIDTH - x }));
    doc.x = PAGE_MARGIN;
    doc.y = Math.max(doc.y, y + 14);
    paragraph(doc, check, c.summary, { size: 8.5 });
    for (const id of c.items) {
      tag(doc, check, 'P', () => write(doc, `Verifies: ${titles.get(id) ?? id}`, { size: 8, color: INK.accent }, { x: PAGE_MARGIN + 8, width: CONTENT_WIDTH - 8, ...(titles.has(id) ? { goTo: itemDestination(id) } : {}) }));
    }
    // Long proofs (a descriptor of many modules) are cut here; the run's JSON keeps every line.
    const shown = c.proof.slice(0, PROOF_LINES_MAX);
    if (shown.length) {
      doc.moveDown(0.2);
      tag(doc, check, 'Code', () =>
        write(doc, shown.join('\n') + (c.proof.length > shown.length ? `\n… ${c.proof.length - shown.length} more lines in the run's JSON result` : ''), { face: 'mono', size: 6.5, color: '#333333' }, { x: PAGE_MARGIN + 8, width: CONTENT_WIDTH - 8 }),
      );
    }
    check.end();
  }
  sect.end();
}

function manifest(ctx: Ctx): void {
  const { doc, report, titles } = ctx;
  doc.addPage();
  const { sect } = topSection(ctx, 'Evidence manifest', 'Appendix: evidence manifest');
  if (report.manifest.length === 0) paragraph(doc, sect, 'No evidence.', { size: 9 });
  else
    table(
      doc,
      sect,
      [{ header: 'Item', width: 115 }, { header: 'Evidence', width: 134 }, { header: 'SHA-256', width: 234 }],
      report.manifest.map((e) => [titles.get(e.catalogItemId) ?? e.catalogItemId, e.name, { text: e.sha256 ?? '—', style: { face: 'mono', size: 5.8 } }]),
      { size: 6.5, summary: 'Every piece of current evidence with its full SHA-256' },
    );
  sect.end();
}

/** The launch report: cover, items at a glance, every item by category, N/A, plans, probe, evidence manifest. */
export async function reportToPdf(report: ReportData, options: { extraInfo?: Record<string, string> } = {}): Promise<Buffer> {
  const verdict = reportVerdict(report);
  // Every report PDF carries the signature slot, filled when the export is signed (lib/report/signing/pdf-slot.ts).
  const doc = createPdf({ title: `Security readiness report: ${report.assessment.appName}`, subject: `Report ${report.reportId}`, extraInfo: { PreflightSignature: PDF_SIGNATURE_SLOT, ...options.extraInfo } });
  const root = tag(doc, doc, 'Document', null);
  const ctx: Ctx = { doc, root, report, titles: new Map(report.items.map((i) => [i.catalogItemId, i.title])) };
  cover(ctx);
  glance(ctx);
  items(ctx);
  notApplicable(ctx);
  plansSection(ctx);
  probeSection(ctx, report.probe);
  manifest(ctx);
  root.end();
  addPageFurniture(doc, {
    header: { left: `${report.assessment.appName} · security readiness report`, right: verdict.short, rightColor: verdict.approved ? '#1e7b3a' : '#b42318' },
    footer: `Report ${report.reportId}`,
  });
  return finish(doc);
}
