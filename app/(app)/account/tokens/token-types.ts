/** What a create action hands the page once: the token in clear, which the page shows and then forgets. */
export type CreatedToken = { token: string; name: string; displayPrefix: string; expiresAt: string };
