// npm run bench:report — the launch report of an assessment with every item filled, 200 evidence entries, two
// published plans and a probe run with every check: warm ms for the SQL load, PDF (pdfkit, tagged, embedded
// fonts, signed), CSV and JSON, and for the PDF's baseline, a warm headless Chromium printing the same content as
// HTML (an open page, page.pdf()). Then the same for in-memory reports of 45, 150 and 450 items (a fixture catalog)
// (and 300) to show how the PDF grows. After warm-ups, BENCH_ROUNDS rounds (default 5) run every measure BENCH_RUNS times
// (default 10, 4 for the sizes); within a round the sides take turns going first, and a round's figure is the
// median of its runs. Prints median and spread over rounds and the per-round speed-up (Chromium ÷ PDF).
// Goals: the demo report's PDF ≤ 300 ms, and a straight line explaining the PDF's growth over 45, 150, 300 and 450
// items (R² ≥ 0.95).
import { chromium } from '@playwright/test';
import { reportToHtml } from './report-html';
import { formatSummary, interleaved, intFromEnv, median, ratios } from './stats';
import { benchDataDir, enterBenchDataDir, runBench } from './support';

const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const RUNS = intFromEnv('BENCH_RUNS', 10);
const PDF_GOAL_MS = 300;
const SIZE_RUNS = intFromEnv('BENCH_SIZE_RUNS', 4);
// R² of a straight line through the PDF's medians at each catalog size.
const LINEARITY_GOAL = 0.95;

function linearFit(xs: number[], ys: number[]): { slope: number; intercept: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssRes = ys.reduce((a, y, i) => a + (y - (intercept + slope * xs[i]!)) ** 2, 0);
  const ssTot = ys.reduce((a, y) => a + (y - my) ** 2, 0);
  return { slope, intercept, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

async function warmUp(fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
}

/** One round of a measure: the median of RUNS timed calls. */
async function roundOf(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
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
  const { CHECKS } = await import('@/lib/probe/checks');
  const { sampleReport } = await import('@/lib/testing/report-fixture');
  const { signReport } = await import('@/lib/report/signing/sign');
  const { generateSigningKeySecret, loadSigningKey } = await import('@/lib/report/signing/keys');
  const signingKey = loadSigningKey(generateSigningKeySecret());
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
  // A finished probe run with every check and a dozen proof lines each, as a real run files them.
  report.probe = {
    runId: crypto.randomUUID(),
    finishedAt: new Date().toISOString(),
    sha256: 'c'.repeat(64),
    passed: Object.keys(CHECKS).length - 2,
    failed: 2,
    checks: Object.entries(CHECKS).map(([id, c], i) => ({ id, title: c.title, status: i < 2 ? 'fail' : 'pass', items: c.items, summary: `${c.title}: observed on https://bench.example.com.`, proof: Array.from({ length: 12 }, (_, n) => `${n % 2 ? '<' : '>'} proof line ${n} of ${id}`) })),
  };
  // The export path as the app runs it: render, then sign (the signature fills the PDF's slot).
  const signedPdf = async (r: typeof report) => signReport(await renderReport(r, 'pdf'), 'pdf', { reportId: r.reportId, appName: r.assessment.appName, generatedAt: r.generatedAt }, signingKey).bytes;
  const pdfBytes = (await signedPdf(report)).length;
  console.log(`report: ${report.items.length} items, ${report.manifest.length} evidence entries, ${report.plans.length} plans, ${report.probe.checks.length} probe checks; PDF ${(pdfBytes / 1024).toFixed(0)} KB`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(reportToHtml(report));
    const measures = {
      load: async () => loadReportData(db, actor, assessment.id),
      pdf: () => signedPdf(report),
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

    // Growth with the catalog: in-memory reports of 45, 150 and 450 items, each against Chromium printing it.
    const sizes = [45, 150, 300, 450];
    const perSize: { items: number; pdf: number[]; chromium: number[] }[] = [];
    for (const items of sizes) {
      const sized = sampleReport({ items, evidence: 200, categories: 12 });
      sized.probe = report.probe;
      const sizedPage = await browser.newPage();
      await sizedPage.setContent(reportToHtml(sized));
      await warmUp(() => signedPdf(sized));
      await sizedPage.pdf({ format: 'A4' });
      const r = await interleaved(ROUNDS, { pdf: () => roundOf(() => signedPdf(sized), SIZE_RUNS), chromium: () => roundOf(() => sizedPage.pdf({ format: 'A4', printBackground: false }), SIZE_RUNS) });
      await sizedPage.close();
      perSize.push({ items, pdf: r.pdf, chromium: r.chromium });
      console.log(`${String(items).padStart(3)} items: pdf ${formatSummary(r.pdf, 1, 'ms')}; chromium ${formatSummary(r.chromium, 1, 'ms')}; speed-up ${formatSummary(ratios(r.chromium, r.pdf), 1)}`);
    }
    // A straight line through the medians (least squares): its slope is the cost of one more item, and R² says
    // how well a line explains the growth (1 = exactly linear; a curve upwards would pull it down).
    const m = perSize.map((p) => median(p.pdf));
    const fit = linearFit(sizes, m);
    console.log(`pdf growth: ${fit.intercept.toFixed(0)} ms + ${fit.slope.toFixed(2)} ms per item, R² ${fit.r2.toFixed(3)}; chromium at 450 items ${median(perSize.at(-1)!.chromium).toFixed(0)} ms`);
    console.log(`goals: pdf ≤ ${PDF_GOAL_MS} ms ${pdf <= PDF_GOAL_MS ? 'met' : 'NOT met'}; linear growth (R² ≥ ${LINEARITY_GOAL}) ${fit.r2 >= LINEARITY_GOAL ? 'met' : 'NOT met'} (medians)`);
  } finally {
    await browser.close();
    db.$client.close();
  }
}

runBench(main);
