'use server';

import { cookies } from 'next/headers';
import { findSetPasswordTokenUser, INVALID_SET_PASSWORD_LINK, setPasswordWithToken } from '@/db/queries/auth';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requestIp } from '@/app/_server/current-user';
import { linkCookieOptions, plausibleToken, SET_PASSWORD_COOKIE } from '@/lib/auth/link-cookies';
import { hashPassword, passwordProblem } from '@/lib/auth/password';
import { ValidationError } from '@/lib/errors';
import { SetPasswordSchema } from './schemas';

export async function setPasswordAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => {
    const jar = await cookies();
    const token = jar.get(SET_PASSWORD_COOKIE)?.value;
    const user = plausibleToken(token) ? findSetPasswordTokenUser(token) : null;
    if (!token || !user) throw new ValidationError(INVALID_SET_PASSWORD_LINK);
    const values = parseInput(SetPasswordSchema, input);
    const problem = passwordProblem(values.password, { email: user.email, name: user.name });
    if (problem) throw new ValidationError(problem, { password: problem });
    const updated = setPasswordWithToken({ token, passwordHash: await hashPassword(values.password), ip: await requestIp() });
    jar.set(SET_PASSWORD_COOKIE, '', { ...linkCookieOptions, maxAge: 0 });
    return { email: updated.email };
  });
}
