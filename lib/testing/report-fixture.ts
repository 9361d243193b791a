import type { ItemStatus } from '@/lib/domain/enums';
import type { ReportData, ReportEvidence, ReportItem } from '@/lib/report/model';

/** People from every script the report must print: Latin with diacritics, Turkish, Greek, Chinese, Hebrew, Arabic. */
export const INTERNATIONAL_NAMES = ['Łukasz Wiśniewski', 'Çağrı Öztürk', 'Σοφία Παπαδοπούλου', '王芳', 'מרים כהן', 'محمد علي'] as const;

const STATUSES: ItemStatus[] = ['met', 'in_progress', 'partially_met', 'not_met', 'not_started', 'not_applicable'];
const hex = (n: number) => n.toString(16).padStart(4, '0').repeat(16);

/**
 * A launch report built in memory: `items` catalog items across `categories` categories, `evidence` pieces of
 * evidence spread over them, and a probe run. Deterministic, so two calls give the same report.
 */
export function sampleReport(options: { items?: number; evidence?: number; categories?: number; reportId?: string; approved?: boolean } = {}): ReportData {
  const itemCount = options.items ?? 24;
  const categoryCount = options.categories ?? 6;
  const categories = Array.from({ length: categoryCount }, (_, i) => ({ slug: `cat-${i}`, title: `Category ${i + 1}: ${['Authentication', 'Data protection', 'Server hardening', 'Secure development', 'Incident response', 'Privacy'][i % 6]}` }));
  const items: ReportItem[] = Array.from({ length: itemCount }, (_, i) => {
    const status = STATUSES[i % STATUSES.length]!;
    const owner = INTERNATIONAL_NAMES[i % INTERNATIONAL_NAMES.length]!;
    return {
      catalogItemId: `item-${i}`,
      title: `Item ${i + 1}: ${['Enforce TLS 1.2 or later', 'Rotate signing keys', 'Review code before merge', 'Encrypt backups', 'Log admin actions', 'Set HSTS for a year'][i % 6]}`,
      category: categories[i % categoryCount]!.slug,
      categoryTitle: categories[i % categoryCount]!.title,
      severity: ['high', 'medium', 'low'][i % 3]!,
      applicable: i % 11 !== 10,
      notApplicableReason: i % 11 === 10 ? 'The app stores no personal data.' : null,
      status,
      owner: status === 'not_started' ? null : owner,
      dueDate: '2027-02-01',
      justification: status === 'not_applicable' ? 'Handled by the platform.' : '',
      gapResponse: status === 'not_met' ? 'plan' : null,
      gapText: status === 'not_met' ? 'Add the missing control before launch.' : '',
      gapDueDate: status === 'not_met' ? '2027-01-15' : null,
      criteria: [
        { text: 'The control is configured in production', met: status === 'met' },
        { text: 'The configuration is checked in CI', met: status === 'met' || status === 'partially_met' },
      ],
      evidence: [],
      signOff: status === 'met' ? { state: 'signed', reviewer: INTERNATIONAL_NAMES[(i + 2) % INTERNATIONAL_NAMES.length]!, at: '2026-11-30T10:00:00.000Z', digest: hex(i) } : { state: 'unsigned' },
      signOffTrail: status === 'met' ? [{ reviewer: INTERNATIONAL_NAMES[(i + 2) % INTERNATIONAL_NAMES.length]!, at: '2026-11-30T10:00:00.000Z', digest: hex(i) }] : [],
    };
  });
  const started = items.filter((i) => i.applicable && i.status !== 'not_started');
  const manifest: ReportEvidence[] = Array.from({ length: options.evidence ?? 12 }, (_, n) => {
    const item = started[n % started.length]!;
    const kind = (['file', 'link', 'text', 'probe'] as const)[n % 4]!;
    const entry: ReportEvidence = {
      id: `e-${n}`,
      catalogItemId: item.catalogItemId,
      name: kind === 'file' ? `tls-scan-${n}.pdf` : kind === 'link' ? `Dashboard ${n}` : kind === 'text' ? `Note ${n} by ${INTERNATIONAL_NAMES[n % 6]}` : `Probe result ${n}`,
      kind,
      sha256: hex(n + 1000),
      sizeBytes: 1000 + n * 37,
      url: kind === 'link' ? `https://evidence.example.com/dashboards/${n}` : null,
      text: kind === 'text' ? `Checked on staging by ${INTERNATIONAL_NAMES[n % 6]}: the header is set 🚀.` : null,
      probeOutcome: kind === 'probe' ? 'hsts.max-age=pass' : null,
      validUntil: n % 5 === 0 ? '2026-01-01' : '2027-12-31',
      expired: n % 5 === 0,
      superseded: false,
      uploadedBy: INTERNATIONAL_NAMES[n % 6]!,
      addedAt: '2026-11-20T10:00:00.000Z',
      planVersion: null,
    };
    item.evidence.push(entry);
    return entry;
  });
  const applicable = items.filter((i) => i.applicable);
  const done = applicable.filter((i) => i.status === 'met' || i.status === 'not_applicable').length;
  return {
    reportId: options.reportId ?? '11111111-1111-4111-8111-111111111111',
    generatedAt: '2026-12-01T10:00:00.000Z',
    assessment: { id: 'a1', appName: 'Poker Planning 🃏 für Teams', appKind: 'connect', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', catalogVersion: '1.0.0' },
    team: 'Payments Çağrı',
    launchApproval: options.approved ? { by: INTERNATIONAL_NAMES[3], at: '2026-12-01T09:00:00.000Z' } : null,
    readiness: {
      percent: Math.round((done / applicable.length) * 100),
      applicable: applicable.length,
      done,
      signed: applicable.filter((i) => i.signOff.state === 'signed').length,
      byCategory: categories.map((c) => {
        const mine = applicable.filter((i) => i.category === c.slug);
        const d = mine.filter((i) => i.status === 'met' || i.status === 'not_applicable').length;
        return { ...c, applicable: mine.length, done: d, percent: mine.length ? Math.round((d / mine.length) * 100) : 0, signed: mine.filter((i) => i.signOff.state === 'signed').length };
      }),
    },
    items,
    plans: [{ title: 'Incident response', templateId: 'incident-response', version: 2, sha256: hex(7), publishedAt: '2026-11-01T10:00:00.000Z', nextReviewDate: '2027-05-01', lastExercisedDate: '2026-10-01' }],
    manifest,
    probe: {
      runId: 'run-1',
      finishedAt: '2026-12-01T09:00:00.000Z',
      sha256: 'cd'.repeat(32),
      passed: 1,
      failed: 1,
      checks: [
        { id: 'http.methods', title: 'TRACE and TRACK refused', status: 'fail', items: ['item-4'], summary: 'TRACE answered 200.', proof: ['> TRACE / HTTP/1.1', '< HTTP/1.1 200 OK'] },
        { id: 'hsts.max-age', title: 'HSTS max-age of at least one year', status: 'pass', items: ['item-5'], summary: 'max-age=31536000.', proof: Array.from({ length: 40 }, (_, i) => `line ${i}`) },
      ],
    },
    auditHead: { entries: 42, hash: 'ab'.repeat(32) },
  };
}
