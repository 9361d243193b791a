// npm run -s user:reset-link -- --email E   → prints a one-time set-password link (recovery without a mail server)
import { parseArgs } from 'node:util';
import { findUserByEmail } from '@/db/queries/auth';
import { issuePasswordResetLink } from '@/db/queries/users';
import { ensureSecrets } from '@/lib/secrets';
import { setPasswordLink } from '@/lib/auth/links';
import { AppError, NotFoundError } from '@/lib/errors';
import { openMigratedDb, runCli } from './cli-support';

runCli(async () => {
  const { values } = parseArgs({ options: { email: { type: 'string' } } });
  if (!values.email) throw new AppError('Usage: npm run -s user:reset-link -- --email E', 2);
  ensureSecrets(process.env);
  openMigratedDb();
  const user = findUserByEmail(values.email);
  if (!user) throw new NotFoundError(`No account has the email ${values.email}.`);
  const { token } = issuePasswordResetLink(null, user.id);
  console.log(setPasswordLink(token));
});
