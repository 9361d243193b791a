import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { signInCookie } from '../lib/testing/sign-in-cookie';
import type { ProbeResult } from '../lib/probe/types';
import { E2E_BASE_URL } from './support/env';
import { createUserViaCli } from './support/fixtures';
import { PROBE_CA_FILE, probeCa } from './support/probe-ca';
import { startTlsFront } from './support/tls-front';

// Preflight must pass every guideline it checks, so the probe's own command line is pointed at Preflight: through a
// TLS front with the run's test CA, signed in, as a team would probe its app. Checks that cannot apply (Preflight
// is neither a Connect nor a Forge app) must say skip; every other one must pass.
// cookies.flags skips too: Preflight sets its session cookie only in answer to the sign-in POST, which a probe
// never makes, and no page the probe reads sets one (security-headers.spec checks the session cookie's flags).
const NOT_APPLICABLE = ['cookies.flags', 'connect.authentication', 'connect.modules-reject-unauthenticated', 'connect.lifecycle-signed', 'connect.scopes', 'connect.base-url', 'forge.egress', 'forge.scopes'];

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: 'utf8', timeout: 90_000, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

test('the probe run against Preflight itself passes every check that applies', async () => {
  test.setTimeout(120_000);
  const user = createUserViaCli();
  const cookie = await signInCookie(E2E_BASE_URL, user.email, user.password);
  const front = await startTlsFront(E2E_BASE_URL, probeCa().issue(['127.0.0.1']));
  try {
    // Asynchronously: the TLS front runs in this process and must answer while the command line probes it.
    const cli = await runCli(
      ['--import', 'tsx', 'scripts/probe.ts', front.baseUrl, '--ca', PROBE_CA_FILE, '--allow-private', '--http-port', String(front.httpPort), '--auth-url', new URL('/account', front.baseUrl).href, '--format', 'json'],
      // The header through the environment, as the usage advises: a command line is visible to every process.
      { ...process.env, PROBE_AUTH_HEADER: `Cookie: ${cookie}` },
    );
    expect(cli.stderr).not.toContain(cookie.split('=')[1]!.slice(0, 20));
    const result = JSON.parse(cli.stdout) as ProbeResult;
    const verdicts = Object.fromEntries(result.checks.map((c) => [c.id, `${c.status}: ${c.summary}`]));
    const wanted = Object.fromEntries(result.checks.map((c) => [c.id, NOT_APPLICABLE.includes(c.id) ? 'skip' : 'pass']));
    const got = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    expect(got, result.checks.filter((c) => c.status !== wanted[c.id]).map((c) => `${c.id}: ${c.summary}\n  ${c.proof.join('\n  ')}`).join('\n')).toEqual(wanted);
    expect(cli.status, JSON.stringify(verdicts, null, 2)).toBe(0);
    // The session cookie went to the signed-in page only, and its value is in no proof line.
    expect(JSON.stringify(result)).not.toContain(cookie.split('=')[1]!);
  } finally {
    await front.close();
  }
});
