// npm run -s probe -- <https-url> [options]: runs the probe from any pipeline, with no database and no secrets.
// Exit code 1 when any check fails, 2 on usage errors, 0 otherwise. See lib/probe/cli-args.ts for the options.
import { readFileSync } from 'node:fs';
import { parseCliArgs, targetFromArgs, USAGE, UsageError } from '@/lib/probe/cli-args';
import { egressPolicy } from '@/lib/probe/egress';
import { formatProbeText } from '@/lib/probe/format-text';
import { ProbeTargetError, runProbe } from '@/lib/probe/run';

async function main(): Promise<number> {
  let args;
  let policy;
  try {
    args = parseCliArgs(process.argv.slice(2), process.env);
    if (args.kind === 'help') {
      console.log(USAGE);
      return 0;
    }
    policy = egressPolicy({ allowPrivate: args.allowPrivate, allowHostsEnv: process.env.PROBE_ALLOW_HOSTS });
  } catch (e) {
    console.error(`Error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const target = targetFromArgs(args, (p) => readFileSync(p, 'utf8'));
    const format = args.format;
    const result = await runProbe(target, {
      policy,
      // Progress goes to stderr so that stdout stays the result alone (JSON pipes into jq).
      onProgress: process.stderr.isTTY ? (p) => process.stderr.write(`\r${p.done}/${p.total} ${p.check.id}\x1b[K`) : undefined,
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : `${formatProbeText(result)}\n`);
    return result.checks.some((c) => c.status === 'fail') ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ProbeTargetError) {
      console.error(`Error: ${e.message}`);
      return 2;
    }
    console.error(`Error: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
