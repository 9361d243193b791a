import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import type { Adapter, AdapterAccount, AdapterUser } from 'next-auth/adapters';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { findUserByEmail, findUserById, recordSignInSuccess } from '@/db/queries/auth';
import { appendAudit } from '@/db/queries/audit';
import { createSession, deleteSession, findSessionUser } from '@/db/queries/sessions';
import { accounts, users, type User } from '@/db/schema';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { safeCallbackPath } from './callback-path';
import { CLIENT_IP_HEADER, SESSION_COOKIE } from './constants';
import { sessionPolicy } from './policy';
import { attemptPasswordSignIn, lockedMessage } from './sign-in';
import { newToken } from './tokens';

const CredentialsSchema = z.object({ email: z.string().trim().max(254).email(), password: z.string().min(1).max(1024) });

function toAdapterUser(u: User): AdapterUser {
  return { id: u.id, email: u.email, name: u.name, emailVerified: null };
}

function headerValue(headers: unknown, name: string): string | null {
  if (!headers) return null;
  const value = headers instanceof Headers ? headers.get(name) : (headers as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/**
 * Our own adapter: sessions are stored by the SHA-256 of their token, with idle and absolute expiry, and users
 * are never created by a sign-in (an admin creates accounts; OIDC only signs existing accounts in).
 */
function preflightAdapter(): Adapter {
  return {
    async createUser() {
      throw new Error('Accounts are created by an admin.');
    },
    async getUser(id) {
      const u = findUserById(id);
      return u && !u.disabledAt ? toAdapterUser(u) : null;
    },
    async getUserByEmail(email) {
      const u = findUserByEmail(email);
      return u && !u.disabledAt ? toAdapterUser(u) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const row = getDb()
        .select({ user: users })
        .from(accounts)
        .innerJoin(users, eq(users.id, accounts.userId))
        .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)))
        .get();
      return row && !row.user.disabledAt ? toAdapterUser(row.user) : null;
    },
    async updateUser(user) {
      const u = findUserById(user.id);
      if (!u) throw new Error('No such user.');
      return toAdapterUser(u);
    },
    async linkAccount(account: AdapterAccount) {
      getDb().insert(accounts).values({ userId: account.userId, type: account.type, provider: account.provider, providerAccountId: account.providerAccountId }).onConflictDoNothing().run();
    },
    async createSession({ userId }) {
      // OIDC sign-ins: next-auth's token is replaced by one of ours so every session follows the same policy.
      const { token, expiresAt } = createSession(userId, null, sessionPolicy());
      return { sessionToken: token, userId, expires: expiresAt };
    },
    async getSessionAndUser(sessionToken) {
      const found = findSessionUser(sessionToken, sessionPolicy());
      if (!found) return null;
      return { session: { sessionToken, userId: found.user.id, expires: found.expiresAt }, user: toAdapterUser(found.user) };
    },
    async updateSession({ sessionToken }) {
      const found = findSessionUser(sessionToken, sessionPolicy());
      return found ? { sessionToken, userId: found.user.id, expires: found.expiresAt } : null;
    },
    async deleteSession(sessionToken) {
      const removed = deleteSession(sessionToken);
      if (removed) {
        const user = findUserById(removed.userId);
        getDb().transaction((tx) => appendAudit(tx, { action: 'auth.signed-out', actor: user ? { id: user.id, email: user.email, ip: null } : null, target: { type: 'user', id: removed.userId } }), { behavior: 'immediate' });
      }
    },
  };
}

export function authOptions(): NextAuthOptions {
  const e = env();
  const policy = sessionPolicy();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      // id stays "credentials" with fields email and password, so scripts can sign in as with any next-auth app.
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const parsed = CredentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const ip = headerValue(req?.headers, CLIENT_IP_HEADER);
        const outcome = await attemptPasswordSignIn(parsed.data.email, parsed.data.password, ip);
        if (outcome.kind === 'locked') throw new Error(lockedMessage(outcome.retryAfterMs));
        if (outcome.kind === 'invalid') return null;
        return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, ip } as AdapterUser & { ip: string | null };
      },
    }),
  ];
  if (e.oidcEnabled) {
    providers.push({
      id: 'oidc',
      name: e.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      idToken: true,
      checks: ['pkce', 'state', 'nonce'],
      authorization: { params: { scope: 'openid email profile' } },
      // The IdP is configured by the instance's admin; an account is matched by its verified email.
      allowDangerousEmailAccountLinking: true,
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, email: p.email ?? '', name: p.name ?? p.email ?? '' };
      },
    });
  }
  return {
    secret: e.AUTH_SECRET,
    adapter: preflightAdapter(),
    providers,
    useSecureCookies: true,
    cookies: {
      sessionToken: { name: SESSION_COOKIE, options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true } },
    },
    // session.strategy stays unset: with an adapter it defaults to "database"; naming it makes next-auth refuse credentials.
    session: { maxAge: Math.round(policy.absoluteMs / 1000), updateAge: 60, generateSessionToken: newToken },
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'oidc') return true;
        const verified = (profile as { email_verified?: boolean } | undefined)?.email_verified !== false;
        const existing = user.email ? findUserByEmail(user.email) : undefined;
        if (!verified || !existing || existing.disabledAt) return '/login?error=AccessDenied';
        recordSignInSuccess({ user: existing, accountKey: `email:${existing.email}`, ip: null, method: 'oidc' });
        return true;
      },
      // Credentials sign-ins: create the database session here and hand its token to jwt.encode (ADR 003).
      async jwt({ token, user, account }) {
        if (account?.provider === 'credentials' && user) {
          const created = createSession(user.id, (user as { ip?: string | null }).ip ?? null, policy);
          return { sessionToken: created.token };
        }
        return token;
      },
      // next-auth's default accepts any value starting with "/", "/\t/evil.example" included; this is the
      // check the login page uses. Absolute, because next-auth hands the result to Location and to JSON clients.
      async redirect({ url }) {
        return new URL(safeCallbackPath(url, e.PUBLIC_URL), e.PUBLIC_URL).href;
      },
    },
    jwt: {
      encode: async ({ token }) => (typeof token?.sessionToken === 'string' ? token.sessionToken : ''),
      // Never used with database sessions; present so a stray JWT cookie cannot decode into a session.
      decode: async () => null,
    },
    logger: {
      // Only the code: next-auth's metadata can carry request bodies and tokens.
      error: (code) => log.error({ code }, 'next-auth error'),
      warn: (code) => log.warn({ code }, 'next-auth warning'),
      debug: () => {},
    },
  };
}
