// Shared by the command-line tools: same data folder, same migrations, readable errors, exit codes.
import { getDb, runMigrations } from '@/db/connection';
import { AppError } from '@/lib/errors';
import { ensureSecrets } from '@/lib/secrets';

/** The database as the server sees it, with the same secrets (the audit key seals every entry a CLI writes). */
export function openMigratedDb() {
  ensureSecrets(process.env);
  const db = getDb();
  runMigrations(db);
  return db;
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new AppError('Pipe the password on standard input, e.g. printf \'%s\' "$PW" | npm run -s user:create -- …', 2);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e: unknown) => {
      if (e instanceof AppError) {
        console.error(`Error: ${e.message}${Object.keys(e.fieldErrors).length ? ` (${Object.values(e.fieldErrors).join('; ')})` : ''}`);
        process.exit(e.status === 2 ? 2 : 1);
      }
      console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
      if (process.env.DEBUG_CLI) console.error(e);
      process.exit(1);
    },
  );
}
