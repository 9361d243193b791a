// `npm test`: lint, typecheck, unit tests, then end-to-end tests against a production build on a throwaway
// database. Ends with one line "N passed, N failed" adding up every suite (lint and typecheck count as one each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

// Every child (the e2e build through `npm start`, vitest, playwright) inherits this: no usage data leaves the machine.
process.env.NEXT_TELEMETRY_DISABLED = '1';
const root = process.cwd();
const results = path.join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
let passed = 0;
let failed = 0;
const summary = [];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}
function bin(name) {
  return path.join(root, 'node_modules', '.bin', name);
}
function check(label, status) {
  if (status === 0) passed += 1;
  else failed += 1;
  summary.push(`${label}: ${status === 0 ? 'ok' : 'FAILED'}`);
}

function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  const r = spawnSync(process.execPath, ['-e', "try{const p=require('playwright-core').chromium.executablePath();process.stdout.write(require('fs').existsSync(p)?p:'')}catch{}"], { encoding: 'utf8' });
  if (r.stdout) return r.stdout.trim();
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) if (existsSync(p)) return p;
  return null;
}

function ensureChromium() {
  let found = findChromium();
  if (found) return found;
  const canApt = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (canApt) {
    console.log('No Chromium found; installing Debian\'s chromium with apt-get…');
    run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
    found = findChromium();
  }
  return found;
}

console.log('\n== lint ==');
check('lint', run(bin('eslint'), ['.', '--max-warnings=0']));
console.log('\n== typecheck ==');
check('typecheck', run(bin('tsc'), ['--noEmit']));

console.log('\n== unit tests (vitest) ==');
const unitReport = path.join(results, 'unit.json');
const unitStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${unitReport}`]);
if (existsSync(unitReport)) {
  const r = JSON.parse(readFileSync(unitReport, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (unitStatus !== 0 && r.numFailedTests === 0 ? 1 : 0);
  summary.push(`unit: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
} else {
  failed += 1;
  summary.push('unit: no report (vitest did not run)');
}

console.log('\n== end-to-end tests (playwright) ==');
const chromium = ensureChromium();
if (!chromium) {
  console.error('No Chromium found. Install one: `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH.');
  failed += 1;
  summary.push('e2e: skipped, no Chromium');
} else {
  const e2eReport = path.join(results, 'e2e.json');
  const e2eStatus = run(bin('playwright'), ['test'], { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport });
  if (existsSync(e2eReport)) {
    const s = JSON.parse(readFileSync(e2eReport, 'utf8')).stats;
    const bad = s.unexpected + (s.flaky ?? 0);
    passed += s.expected;
    failed += bad + (e2eStatus !== 0 && bad === 0 ? 1 : 0);
    summary.push(`e2e: ${s.expected} passed, ${bad} failed, ${s.skipped} skipped`);
  } else {
    failed += 1;
    summary.push('e2e: no report (playwright did not run)');
  }
}

console.log('\n== summary ==');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
