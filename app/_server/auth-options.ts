import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import type { Adapter, AdapterUser } from 'next-auth/adapters';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { completeOidcSignIn, findActiveUserByOidcIdentity, findUserByEmail, findUserById, OIDC_PROVIDER } from '@/db/queries/auth';
import { createSession, endSession, findSessionUser } from '@/db/queries/sessions';
import type { User } from '@/db/schema';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import { CLIENT_IP_HEADER, SECOND_FACTOR_REQUIRED, SESSION_COOKIE, SIGN_IN_STEP_COOKIE } from '@/lib/auth/constants';
import { attemptSecondStep, PASSKEY_REFUSED } from '@/db/auth/second-factor';
import { signInSettings } from '@/db/queries/instance-settings';
import { hasSecondFactor } from '@/db/queries/mfa';
import { noteAdminWithoutMfa } from '@/db/queries/mfa-audit';
import { startSecondStep } from '@/db/queries/sign-in-challenges';
import { idpRanMfa, oidcSecondStep } from '@/lib/auth/mfa-policy';
import { parseAuthenticationResponse } from '@/lib/validation/passkey';
import { clearStepCookie, sessionSecondFactor, setSessionSecondFactor, setStepCookie } from './sign-in-context';
import { requestIp } from './current-user';
import { OIDC_ERROR_CODES, oidcAccountKey, parseOidcAccountKey, readOidcIdentity } from '@/lib/auth/oidc-decision';
import { sessionPolicy } from '@/lib/auth/policy';
import { attemptPasswordSignIn, lockedMessage } from '@/db/auth/password-sign-in';
import { newToken } from '@/lib/auth/tokens';

// Empty fields count as absent: a script (or a form) may send totp= with nothing in it.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const CredentialsSchema = z.object({
  email: optional(z.string().trim().max(254).email()),
  password: optional(z.string().min(1).max(1024)),
  totp: optional(z.string().max(32)),
  recoveryCode: optional(z.string().max(64)),
  passkey: optional(z.string().max(32_768)),
});

function cookieValue(headers: unknown, name: string): string | undefined {
  const header = headerValue(headers, 'cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

type SignedInUser = AdapterUser & { ip: string | null; secondFactor: string | null };

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
      const key = provider === OIDC_PROVIDER ? parseOidcAccountKey(providerAccountId) : null;
      const user = key ? findActiveUserByOidcIdentity(key.issuer, key.subject) : undefined;
      return user ? toAdapterUser(user) : null;
    },
    async updateUser(user) {
      const u = findUserById(user.id);
      if (!u) throw new Error('No such user.');
      return toAdapterUser(u);
    },
    async linkAccount() {
      // The signIn callback links (completeOidcSignIn) after its checks; next-auth reaches this only on paths
      // that skip them, such as linking to whoever is signed in in this browser.
      throw new Error('Identities are linked by the sign-in checks only.');
    },
    async createSession({ userId }) {
      // OIDC sign-ins: next-auth's token is replaced by one of ours so every session follows the same policy.
      const { token, expiresAt } = createSession(userId, null, sessionPolicy(), sessionSecondFactor());
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
      endSession(sessionToken);
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
      // totp (or recoveryCode) may come with the password in one request; alone, or a passkey, they finish the
      // second step that the sign-in step cookie names (ADR 020).
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
        totp: { label: 'Authentication code', type: 'text' },
        recoveryCode: { label: 'Recovery code', type: 'text' },
        passkey: { label: 'Passkey response', type: 'text' },
      },
      async authorize(credentials, req) {
        const parsed = CredentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const { email, password, totp, recoveryCode } = parsed.data;
        const passkey = parseAuthenticationResponse(parsed.data.passkey) ?? undefined;
        if (parsed.data.passkey && !passkey) throw new Error(PASSKEY_REFUSED);
        const ip = headerValue(req?.headers, CLIENT_IP_HEADER);
        const signedIn = (user: User, secondFactor: string | null): SignedInUser => ({ id: user.id, email: user.email, name: user.name, emailVerified: null, ip, secondFactor });
        if (email && password) {
          const outcome = await attemptPasswordSignIn(email, password, ip, { totp, recoveryCode });
          if (outcome.kind === 'locked') throw new Error(lockedMessage(outcome.retryAfterMs));
          if (outcome.kind === 'invalid') return null;
          if (outcome.kind === 'refused') throw new Error(outcome.message);
          if (outcome.kind === 'second-factor-due') {
            const step = startSecondStep(outcome.user, 'password', ip);
            setStepCookie(step.token, step.expiresAt);
            throw new Error(SECOND_FACTOR_REQUIRED);
          }
          return signedIn(outcome.user, outcome.secondFactor);
        }
        if (!totp && !recoveryCode && !passkey) return null;
        const outcome = await attemptSecondStep(cookieValue(req?.headers, SIGN_IN_STEP_COOKIE), { totp, recoveryCode, passkey }, ip);
        if (outcome.kind === 'locked') throw new Error(lockedMessage(outcome.retryAfterMs));
        if (outcome.kind === 'refused') throw new Error(outcome.message);
        clearStepCookie();
        return signedIn(outcome.user, outcome.secondFactor);
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
      // Never link by email inside next-auth: the signIn callback decides, and links only a verified email.
      allowDangerousEmailAccountLinking: false,
      profile(p: Record<string, unknown>) {
        const identity = readOidcIdentity(p);
        const name = typeof p.name === 'string' ? p.name : (identity?.email ?? '');
        // An unusable identity still reaches the signIn callback (with an id no link can have), so it is audited.
        return { id: identity ? oidcAccountKey(identity) : 'unusable-identity', email: identity?.email ?? '', name };
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
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER) return true;
        try {
          // `profile` is the ID token's claims, already checked by openid-client (signature, iss, aud, nonce).
          const ip = await requestIp();
          const decision = completeOidcSignIn({ claims: profile, ip, secondStepDue: (user) => oidcSecondStep({ mode: signInSettings().oidcMfa, amr: (profile as { amr?: unknown })?.amr, hasOwnFactor: hasSecondFactor(user.id) }) === 'own-factor' });
          if (decision.kind === 'refuse') return `/login?error=${OIDC_ERROR_CODES[decision.reason]}`;
          if (decision.secondStepDue) {
            // No session yet: the IdP vouched for the first factor only; the browser goes on to Preflight's own.
            const step = startSecondStep(decision.user, 'oidc', ip);
            setStepCookie(step.token, step.expiresAt);
            return '/login/second-factor';
          }
          const vouched = signInSettings().oidcMfa === 'trust-idp' && idpRanMfa((profile as { amr?: unknown })?.amr);
          setSessionSecondFactor(vouched ? 'idp' : null);
          if (!vouched) noteAdminWithoutMfa(decision.user, ip);
          return true;
        } catch (err) {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'OIDC sign-in check failed');
          return '/login?error=OAuthCallback';
        }
      },
      // Credentials sign-ins: create the database session here and hand its token to jwt.encode (ADR 003).
      async jwt({ token, user, account }) {
        if (account?.provider === 'credentials' && user) {
          const signedIn = user as Partial<SignedInUser>;
          const created = createSession(user.id, signedIn.ip ?? null, policy, signedIn.secondFactor ?? null);
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
