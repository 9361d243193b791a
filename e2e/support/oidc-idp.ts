// A real OpenID provider (oidc-provider, the certified Node implementation) on loopback for the OIDC journeys.
// Its accounts carry whatever claims a test needs, including malformed ones a careless IdP might send, and a
// person signs in on a small login page of our own (v9's development views have no labels).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors, type Configuration } from 'oidc-provider';

export type IdpAccount = { sub: string; claims: Record<string, unknown> };
export type Idp = { issuer: string; close: () => Promise<void> };

export const IDP_PASSWORD = 'idp-test-password';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function loginForm(uid: string, error?: string): string {
  return page(
    'Test IdP sign-in',
    `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="/interaction/${escapeHtml(uid)}/login">
      <p><label for="login">Username</label> <input id="login" name="login" autocomplete="username" required></p>
      <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
      <p><button type="submit">Continue</button></p>
    </form>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * Starts the IdP on 127.0.0.1 (a free port) with one confidential client. `accounts` is keyed by the username
 * typed on the login page; every account's password is IDP_PASSWORD.
 */
export async function startIdp(options: { clientId: string; clientSecret: string; redirectUri: string; accounts: Record<string, IdpAccount> }): Promise<Idp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bySub = new Map(Object.values(options.accounts).map((a) => [a.sub, a]));

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    clients: [{ client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [options.redirectUri], response_types: ['code'], grant_types: ['authorization_code'] }],
    jwks: { keys: [{ ...signingKey, kid: 'test-idp', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Real IdPs (Keycloak, Entra, Google) put these claims in the ID token, which is what Preflight reads.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // One first-party client: consent is implied, so the person sees only the login page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account.claims, sub }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  const handleOidc = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = url.pathname.match(/^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/);
    if (!match) {
      void handleOidc(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name !== 'login') return send(res, 400, page('Unexpected step', `<p>${escapeHtml(details.prompt.name)}</p>`));
        if (req.method === 'GET' && !match[2]) return send(res, 200, loginForm(details.uid));
        if (req.method !== 'POST' || !match[2]) return send(res, 405, page('Method not allowed', ''));
        const form = await readForm(req);
        const account = options.accounts[form.get('login') ?? ''];
        if (!account || form.get('password') !== IDP_PASSWORD) return send(res, 401, loginForm(details.uid, 'Unknown username or wrong password.'));
        await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      } catch (err) {
        const status = err instanceof errors.SessionNotFound ? 400 : 500;
        send(res, status, page('Test IdP error', `<p>${escapeHtml(err instanceof Error ? err.message : String(err))}</p>`));
      }
    })();
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
