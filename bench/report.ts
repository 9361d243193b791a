// npm run bench:report — the launch report of an assessment with every item filled, 200 evidence entries and
// two published plans: warm ms for the SQL load, PDF (pdfkit), CSV and JSON, and for the PDF's baseline, a warm
// headless Chromium printing the same content as HTML (an open page, page.pdf()). After 5 warm-ups each,
// BENCH_ROUNDS rounds (default 5) run every measure BENCH_RUNS times (default 10); within a round PDF, Chromium
// and the rest take turns going first, and a round's figure is the median of its runs. Prints median and spread
// over rounds for each measure and for the per-round speed-up (Chromium ÷ PDF), then
// "pdf <ms> ms, chromium <ms> ms, speed-up <n>x" and the verdict. Goals: PDF ≤ 1 s and ≥ 5× faster than Chromium.
import { chromium } from '@playwright/test';
import { reportToHtml } from './report-html';
import { formatSummary, interleaved, intFromEnv, median, ratios } from './stats';
import { benchDataDir, enterBenchDataDir, runBench } from './support';

const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const RUNS = intFromEnv('BENCH_RUNS', 10);
const PDF_GOAL_MS = 1000;
const SPEED_UP_GOAL = 5;

async function warmUp(fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
}

/** One round of a measure: the median of RUNS timed calls. */
async function roundOf(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main() {
  enterBenchDataDir(benchDataDir('report'));
  const { getDb, runMigrations } = await import('@/db/connection');
  const { createUserWithPassword } = await import('@/db/queries/users');
  const { createTeam, addTeamMember } = await import('@/db/queries/teams');
  const { createAssessment } = await import('@/db/queries/assessments');
  const { saveItem } = await import('@/db/queries/items');
  const { recordEvidence } = await import('@/db/queries/evidence');
  const { createPlan, saveDraft } = await import('@/db/queries/plans');
  const { loadReportData } = await import('@/db/queries/report');
  const { renderReport } = await import('@/lib/report/render');
  const { currentCatalog } = await import('@/lib/catalog/load');
  const { currentTemplates } = await import('@/lib/plans/templates');
  const { emptyContent } = await import('@/lib/plans/content');
  const db = getDb();
  runMigrations(db);

  const user = createUserWithPassword(null, { email: 'bench@example.com', name: 'Bench Admin', isAdmin: true, passwordHash: 'x' });
  const actor = { id: user.id, email: user.email, name: user.name, isAdmin: true, ip: null };
  const team = createTeam(actor, { name: 'Bench team', description: '' });
  addTeamMember(actor, team.id, { email: user.email, role: 'member' });
  const catalog = currentCatalog();
  const profile = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, true]));
  const assessment = createAssessment(actor, team.id, { appName: 'Bench report app', appKind: 'connect', baseUrl: 'https://bench.example.com', targetLaunchDate: '2027-06-30', profile });
  for (const item of catalog.items) {
    saveItem(actor, { assessmentId: assessment.id, catalogItemId: item.id, version: 1, status: 'met', justification: 'Verified in staging by the bench.', gapResponse: '', gapText: '', gapDueDate: '', riskAcceptedById: '', ownerId: user.id, dueDate: '2027-05-01', notes: 'Checked.', criteriaMet: item.acceptanceCriteria.map((c) => c.id) });
  }
  for (let i = 0; i < 200; i++) {
    const item = catalog.items[i % catalog.items.length]!;
    const url = `https://evidence.example.com/${item.id}/${i}`;
    recordEvidence(actor, { id: crypto.randomUUID(), assessmentId: assessment.id, catalogItemId: item.id, validUntil: '2027-12-31', evidence: { kind: 'link', name: `Evidence ${i} for ${item.title}`, url, sha256: (i.toString(16).padStart(4, '0')).repeat(16) } });
  }
  for (const templateId of ['incident-response', 'disaster-recovery']) {
    const plan = createPlan(actor, team.id, { templateId, title: `Bench ${templateId}` });
    saveDraft(actor, { planId: plan.id, version: 1, title: plan.title, nextReviewDate: '2027-06-01', lastExercisedDate: '', content: emptyContent(currentTemplates().get(templateId)!) });
    // Published straight from the row: the bench measures the report, not plan validation.
    db.$client.prepare("insert into plan_versions (id, plan_id, number, title, content, template_version, sha256, published_at) values (?, ?, 1, ?, '{}', 1, ?, ?)").run(crypto.randomUUID(), plan.id, plan.title, 'b'.repeat(64), Date.now());
  }

  const report = { reportId: crypto.randomUUID(), ...loadReportData(db, actor, assessment.id) };
  const pdfBytes = (await renderReport(report, 'pdf')).length;
  console.log(`report: ${report.items.length} items, ${report.manifest.length} evidence entries, ${report.plans.length} plans; PDF ${(pdfBytes / 1024).toFixed(0)} KB`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(reportToHtml(report));
    const measures = {
      load: async () => loadReportData(db, actor, assessment.id),
      pdf: () => renderReport(report, 'pdf'),
      chromium: () => page.pdf({ format: 'A4', printBackground: false }),
      csv: () => renderReport(report, 'csv'),
      json: () => renderReport(report, 'json'),
    };
    for (const fn of Object.values(measures)) await warmUp(fn);
    console.log(`${ROUNDS} rounds of ${RUNS} warm runs per measure; PDF, Chromium and the rest (SQL, CSV, JSON) rotate which goes first`);
    const rounds = await interleaved(ROUNDS, {
      pdf: () => roundOf(measures.pdf),
      chromium: () => roundOf(measures.chromium),
      // Measures without a baseline still run inside the rounds, so they share each round's conditions.
      rest: async () => ({ load: await roundOf(measures.load), csv: await roundOf(measures.csv), json: await roundOf(measures.json) }),
    });
    const speedUps = ratios(rounds.chromium, rounds.pdf);
    console.log(`load (SQL) ${formatSummary(rounds.rest.map((r) => r.load), 1, 'ms')}`);
    console.log(`csv        ${formatSummary(rounds.rest.map((r) => r.csv), 1, 'ms')}`);
    console.log(`json       ${formatSummary(rounds.rest.map((r) => r.json), 1, 'ms')}`);
    console.log(`pdf        ${formatSummary(rounds.pdf, 1, 'ms')}`);
    console.log(`chromium   ${formatSummary(rounds.chromium, 1, 'ms')}`);
    console.log(`speed-up per round ${formatSummary(speedUps, 1)}`);
    const [pdf, chromiumMs, speedUp] = [median(rounds.pdf), median(rounds.chromium), median(speedUps)];
    console.log(`pdf ${pdf.toFixed(0)} ms, chromium ${chromiumMs.toFixed(0)} ms, speed-up ${speedUp.toFixed(1)}x`);
    console.log(`goals: pdf ≤ ${PDF_GOAL_MS} ms ${pdf <= PDF_GOAL_MS ? 'met' : 'NOT met'}; speed-up ≥ ${SPEED_UP_GOAL}x ${speedUp >= SPEED_UP_GOAL ? 'met' : 'NOT met'} (medians)`);
  } finally {
    await browser.close();
    db.$client.close();
  }
}

runBench(main);
