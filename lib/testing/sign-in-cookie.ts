function cookiesFrom(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/**
 * Signs in through next-auth's own endpoints, as any script would, and returns the Cookie header to send. A
 * second factor (`totp` or `recoveryCode`) goes in the same request.
 */
export async function signInCookie(baseUrl: string, email: string, password: string, secondFactor: { totp?: string; recoveryCode?: string } = {}): Promise<string> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const jar = cookiesFrom(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, ...secondFactor, json: 'true' }),
    redirect: 'manual',
  });
  const session = cookiesFrom(response).find((c) => c.startsWith('__Host-preflight.session='));
  if (!session) throw new Error(`sign-in failed with status ${response.status}`);
  return session;
}
