'use server';

import { cookies } from 'next/headers';
import { adminExists, createFirstAdmin, INVALID_SETUP_LINK, SETUP_ALREADY_DONE } from '@/db/queries/auth';
import { runAction, parseInput, type ActionResult } from '@/app/_server/action-result';
import { requestIp } from '@/app/_server/current-user';
import { linkCookieOptions, plausibleToken, SETUP_COOKIE } from '@/lib/auth/link-cookies';
import { hashPassword, passwordProblem } from '@/lib/auth/password';
import { ValidationError } from '@/lib/errors';
import { SetupSchema } from './schemas';

export async function createFirstAdminAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => {
    const jar = await cookies();
    const token = jar.get(SETUP_COOKIE)?.value;
    if (adminExists()) throw new ValidationError(SETUP_ALREADY_DONE);
    if (!plausibleToken(token)) throw new ValidationError(INVALID_SETUP_LINK);
    const values = parseInput(SetupSchema, input);
    const problem = passwordProblem(values.password, { email: values.email, name: values.name });
    if (problem) throw new ValidationError(problem, { password: problem });
    const user = createFirstAdmin({ token, email: values.email, name: values.name, passwordHash: await hashPassword(values.password), ip: await requestIp() });
    jar.set(SETUP_COOKIE, '', { ...linkCookieOptions, maxAge: 0 });
    return { email: user.email };
  });
}
