// npm run -s token:create -- --email E --name N --scope gate [--scope read …] [--team T] [--days 90] [--instance]
// Prints the token alone on stdout, so `TOKEN=$(npm run -s token:create -- …)` captures exactly it.
import { parseArgs } from 'node:util';
import { createApiTokenFromCli } from '@/db/queries/api-tokens';
import { AppError } from '@/lib/errors';
import { plainIssueMessage } from '@/lib/validation/plain-messages';
import { TOKEN_DAYS_DEFAULT, TokenFieldsSchema } from '@/lib/validation/api-token';
import { openMigratedDb, runCli } from './cli-support';

const USAGE = 'Usage: npm run -s token:create -- --email E --name N --scope gate [--scope read|write|probe|gate …] [--team TEAM-ID-OR-NAME] [--days 1-365] [--instance]';

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        scope: { type: 'string', multiple: true },
        team: { type: 'string' },
        days: { type: 'string', default: String(TOKEN_DAYS_DEFAULT) },
        instance: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new AppError(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`, 2);
  }
  if (!values.email || values.name === undefined || !values.scope?.length) throw new AppError(USAGE, 2);
  if (values.instance && values.team !== undefined) throw new AppError('Choose --team or --instance, not both: a token is either a team’s or the instance’s.', 2);
  // Scopes may also come comma-separated: --scope gate,read.
  const scopes = values.scope.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const parsed = TokenFieldsSchema.safeParse({ name: values.name, scopes, days: values.days }, { error: plainIssueMessage });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path[0] === 'scopes' ? 'scope' : String(i.path[0])}: ${i.message}`);
    throw new AppError(`${[...new Set(problems)].join('\n')}\n${USAGE}`, 2);
  }
  openMigratedDb();
  const { token } = createApiTokenFromCli({ email: values.email, team: values.team, instance: values.instance ?? false, fields: parsed.data });
  process.stdout.write(`${token}\n`);
});
