// npm run -s user:mfa-reset -- --email E   → removes the account's second factors and ends its sessions, for a
// locked-out sole admin (whoever can run this already holds the server). Audited as done from the command line.
import { parseArgs } from 'node:util';
import { findUserByEmail } from '@/db/queries/auth';
import { resetMfa } from '@/db/queries/mfa';
import { AppError, NotFoundError } from '@/lib/errors';
import { ensureSecrets } from '@/lib/secrets';
import { openMigratedDb, runCli } from './cli-support';

runCli(async () => {
  const { values } = parseArgs({ options: { email: { type: 'string' } } });
  if (!values.email) throw new AppError('Usage: npm run -s user:mfa-reset -- --email E', 2);
  ensureSecrets(process.env);
  openMigratedDb();
  const user = findUserByEmail(values.email);
  if (!user) throw new NotFoundError(`No account has the email ${values.email}.`);
  const { sessionsEnded } = resetMfa(null, user.id, 'cli');
  console.log(`Second factors of ${user.email} removed; ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended. They sign in with their password and set up a new second step.`);
});
