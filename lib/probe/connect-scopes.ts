// Connect scopes that reach past an app's own data. Each needs a person to say which feature uses it.

/** Why each broad Connect scope needs a reason, in the words a reviewer would use. */
export const BROAD_CONNECT_SCOPES: Record<string, string> = {
  ADMIN: 'ADMIN lets the app administer the whole site (users, groups, permissions, configuration).',
  PROJECT_ADMIN: 'PROJECT_ADMIN lets the app administer every project or space, including its permissions.',
  DELETE: 'DELETE lets the app delete issues, pages and other content anywhere the installation can see.',
  ACT_AS_USER: 'ACT_AS_USER lets the app act as any user, offline and without their presence.',
};

export type ScopeReview = { scopes: string[]; broad: { scope: string; reason: string }[] };

export function reviewConnectScopes(scopes: readonly string[] | undefined): ScopeReview {
  const listed = [...new Set((scopes ?? []).map((scope) => scope.trim()).filter(Boolean))];
  const broad = listed.flatMap((scope) => {
    const reason = BROAD_CONNECT_SCOPES[scope.toUpperCase()];
    return reason ? [{ scope, reason }] : [];
  });
  return { scopes: listed, broad };
}
