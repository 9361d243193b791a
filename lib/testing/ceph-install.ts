// Ceph comes from Debian's packages, installed on demand the way scripts/test.mjs installs Chromium: only when
// running as root with apt-get, so a developer's machine is never changed behind their back.
import { spawnSync } from 'node:child_process';

const PACKAGES = ['radosgw', 'ceph-mon', 'ceph-osd'];
// ceph and radosgw-admin come with ceph-common, which the packages above depend on.
export const CEPH_COMMANDS = ['monmaptool', 'ceph-mon', 'ceph-osd', 'radosgw', 'ceph', 'radosgw-admin'] as const;

export type CephInstall = { ok: true } | { ok: false; reason: string };

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function missingCommands(): string[] {
  return CEPH_COMMANDS.filter((name) => !hasCommand(name));
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

export function ensureCephInstalled(): CephInstall {
  const missing = missingCommands();
  if (missing.length === 0) return { ok: true };
  const what = `Ceph commands missing: ${missing.join(', ')}`;
  if (process.platform !== 'linux') return { ok: false, reason: `${what}; Ceph runs on Linux only` };
  if (process.getuid?.() !== 0) return { ok: false, reason: `${what}; not root, so not installing ${PACKAGES.join(' ')}` };
  if (!hasCommand('apt-get')) return { ok: false, reason: `${what}; no apt-get to install them with` };

  console.log(`Installing Debian's ${PACKAGES.join(', ')} with apt-get (about a minute, once)…`);
  const script = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${PACKAGES.join(' ')}`;
  const install = spawnSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (install.status !== 0) {
    const output = lastLines(`${install.stdout ?? ''}\n${install.stderr ?? ''}`, 5);
    return { ok: false, reason: `apt-get install ${PACKAGES.join(' ')} failed (exit ${install.status ?? install.signal}): ${output}` };
  }
  const stillMissing = missingCommands();
  if (stillMissing.length > 0) return { ok: false, reason: `installed, yet still missing: ${stillMissing.join(', ')}` };
  return { ok: true };
}
