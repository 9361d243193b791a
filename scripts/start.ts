// `npm start`: secrets, build if needed, migrations and setup link, then serve.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureSecrets, MissingSecretsError, resolveDataDir } from '../lib/secrets';

const root = process.cwd();
const STAMP = path.join(root, '.next', 'preflight-source-stamp');
const SOURCES = ['app', 'lib', 'db', 'content', 'proxy.ts', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

/** Fingerprint of everything a build depends on, so a stale .next is rebuilt after a pull. */
function sourceStamp(): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  SOURCES.forEach((s) => walk(path.join(root, s)));
  return hash.digest('hex');
}

function run(cmd: string, args: string[]) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  // Before anything spawns or loads Next: a self-hosted security tool does not send usage data anywhere.
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  // `next start` sets this; a custom server must, or React and Next run their slow development builds.
  (process.env as Record<string, string>).NODE_ENV = 'production';
  try {
    for (const note of ensureSecrets(process.env)) console.log(note);
  } catch (e) {
    if (e instanceof MissingSecretsError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  process.env.DATA_DIR = resolveDataDir(process.env);
  const port = Number(process.env.PORT || 3000);
  process.env.PUBLIC_URL ||= `http://localhost:${port}`;
  // next-auth reads these itself.
  process.env.NEXTAUTH_URL = process.env.PUBLIC_URL;
  process.env.NEXTAUTH_SECRET = process.env.AUTH_SECRET;

  const stamp = sourceStamp();
  const built = existsSync(path.join(root, '.next', 'BUILD_ID')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp;
  if (!built) {
    console.log('Building Preflight (first start or changed sources)…');
    run(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build']);
    writeFileSync(STAMP, stamp);
  }

  run(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'scripts', 'boot.ts')]);

  const { startServer } = await import('../server');
  const trustProxy = process.env.TRUST_PROXY === '1' || process.env.TRUST_PROXY === 'true';
  await startServer({ port, host: process.env.HOST || undefined, trustProxy });
  console.log(`Preflight is serving ${process.env.PUBLIC_URL} (port ${port}).`);
}

main().catch((e: unknown) => {
  console.error(`Preflight could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
