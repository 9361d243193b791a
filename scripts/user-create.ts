// printf '%s' "$PW" | npm run -s user:create -- --email E --name N [--admin]
import { parseArgs } from 'node:util';
import { createUserWithPassword } from '@/db/queries/users';
import { hashPassword, passwordProblem } from '@/lib/auth/password';
import { AppError, ValidationError } from '@/lib/errors';
import { EmailSchema, PersonNameSchema } from '@/lib/validation/account';
import { openMigratedDb, readStdin, runCli } from './cli-support';

runCli(async () => {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean', default: false } } });
  if (!values.email || !values.name) throw new AppError('Usage: printf \'%s\' "$PW" | npm run -s user:create -- --email E --name N [--admin]', 2);
  const email = EmailSchema.safeParse(values.email);
  if (!email.success) throw new ValidationError(email.error.issues[0]!.message);
  const name = PersonNameSchema.safeParse(values.name);
  if (!name.success) throw new ValidationError(name.error.issues[0]!.message);
  const password = await readStdin();
  const problem = passwordProblem(password, { email: email.data, name: name.data });
  if (problem) throw new ValidationError(`Password refused: ${problem}`);
  openMigratedDb();
  const user = createUserWithPassword(null, { email: email.data, name: name.data, isAdmin: values.admin ?? false, passwordHash: await hashPassword(password) });
  console.log(`Created ${user.isAdmin ? 'admin ' : ''}${user.name} <${user.email}> (id ${user.id}).`);
});
