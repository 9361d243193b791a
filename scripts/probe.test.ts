// The CLI as a pipeline runs it: a child process, exit codes, JSON on stdout.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectApp } from '@/lib/probe/testing/connect-app';
import { createTestCa } from '@/lib/probe/testing/test-ca';
import { startTargetServer, type TargetProfile, type TargetServer } from '@/lib/probe/testing/target-server';
import { checkIds, type ProbeResult } from '@/lib/probe/types';

const ca = createTestCa();
const servers: Partial<Record<TargetProfile, TargetServer>> = {};
let dir: string;

async function startWithConnect(profile: TargetProfile): Promise<TargetServer> {
  let base = '';
  const app = createConnectApp({ profile, baseUrl: () => base });
  const server = await startTargetServer({ profile, ca, handler: app.handler });
  base = server.baseUrl.replace(/\/$/, '');
  return server;
}

beforeAll(async () => {
  [servers.weak, servers.hardened] = await Promise.all([startWithConnect('weak'), startWithConnect('hardened')]);
  dir = mkdtempSync(path.join(os.tmpdir(), 'probe-cli-'));
  writeFileSync(path.join(dir, 'ca.pem'), ca.caPem);
});

afterAll(async () => {
  await Promise.all([servers.weak?.close(), servers.hardened?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Asynchronous on purpose: the target servers live in this process and must keep answering.
    execFile(process.execPath, ['--import', 'tsx', 'scripts/probe.ts', ...args], { cwd: process.cwd(), timeout: 60_000, env: { ...process.env, PROBE_ALLOW_HOSTS: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the command line', () => {
  const argsFor = (s: TargetServer) => [s.baseUrl, '--allow-private', '--ca', path.join(dir, 'ca.pem'), '--http-port', String(s.httpPort), '--format', 'json'];

  it('exits 0 with valid JSON for the hardened target', async () => {
    const r = await cli(argsFor(servers.hardened!));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as ProbeResult;
    expect(result.version).toBe(1);
    expect(result.checks.map((c) => c.id)).toEqual([...checkIds]);
    for (const c of result.checks) expect(Object.keys(c).sort()).toEqual(['durationMs', 'id', 'items', 'proof', 'status', 'summary']);
  }, 60_000);

  it('exits 1 for the weak target and prints the text view', async () => {
    const r = await cli([...argsFor(servers.weak!).slice(0, -2), '--header', 'Cookie: session=good', '--auth-url', `${servers.weak!.baseUrl}account`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL  tls\.protocols/m);
    expect(r.stdout).not.toContain('session=good');
  }, 60_000);

  it('exits 2 on usage errors', async () => {
    const r = await cli(['http://plain.example/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/must be https[\s\S]*Usage:/);
  }, 60_000);
});
