// A Connect app for tests and the bench, served through target-server's `handler`. The hardened profile verifies
// every JWT the way a correct app does; the weak profile has the two holes the probe must find.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt, jwtVerify } from 'jose';

export type ConnectAppOptions = {
  profile: 'weak' | 'hardened';
  /** Module URLs, spread over generalPages, webPanels and webhooks. Default 5. */
  modules?: number;
  /** The app's own https base URL; read lazily, since the server's port is known only after it listens. */
  baseUrl: () => string;
};

export type ConnectApp = {
  /** Serves the descriptor, module and lifecycle routes; returns false for any other path. */
  handler: (req: IncomingMessage, res: ServerResponse) => boolean;
  descriptor(): Record<string, unknown>;
  /** Every request the app saw on its own routes, for tests to inspect what the probe sent. */
  requests: SeenRequest[];
};

export type SeenRequest = { method: string; path: string; authorization: string | null; queryJwt: string | null; body: string; status: number };

const MODULE_KINDS = ['generalPages', 'webPanels', 'webhooks'] as const;

// Stands in for Atlassian's install-signing key, which the probe does not have. One per process is enough, and
// made on first use, since RSA key generation is the slowest thing a test app does.
let installKey: KeyObject | undefined;
function atlassianInstallKey(): KeyObject {
  installKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  return installKey;
}

type Route = { kind: 'module'; index: number } | { kind: 'lifecycle'; hook: 'installed' | 'uninstalled' };

export function createConnectApp(options: ConnectAppOptions): ConnectApp {
  const count = options.modules ?? 5;
  // Stands in for the per-installation shared secret: the probe never sees it.
  const sharedSecret = randomBytes(32);
  const requests: SeenRequest[] = [];

  const modulePath = (index: number) => `/module/${index}`;
  const descriptor = () => {
    const modules: Record<string, Record<string, unknown>[]> = { generalPages: [], webPanels: [], webhooks: [] };
    for (let index = 0; index < count; index += 1) {
      const kind = MODULE_KINDS[index % MODULE_KINDS.length] ?? 'generalPages';
      const url = `${modulePath(index)}?project={project.key}&issue={issue.id}`;
      if (kind === 'webhooks') modules.webhooks?.push({ event: 'jira:issue_updated', url });
      else if (kind === 'webPanels') modules.webPanels?.push({ key: `panel-${index}`, location: 'atl.jira.view.issue.right.context', name: { value: `Panel ${index}` }, url });
      else modules.generalPages?.push({ key: `page-${index}`, name: { value: `Page ${index}` }, url });
    }
    return {
      key: 'preflight-test-app',
      name: 'Preflight test app',
      baseUrl: options.baseUrl(),
      authentication: { type: 'jwt' },
      apiMigrations: { 'signed-install': true },
      scopes: ['READ', 'WRITE'],
      lifecycle: { installed: '/lifecycle/installed', uninstalled: '/lifecycle/uninstalled' },
      modules,
    };
  };

  const route = (path: string): Route | null => {
    const moduleMatch = /^\/module\/(\d+)$/.exec(path);
    if (moduleMatch) {
      const index = Number(moduleMatch[1]);
      return index < count ? { kind: 'module', index } : null;
    }
    if (path === '/lifecycle/installed') return { kind: 'lifecycle', hook: 'installed' };
    if (path === '/lifecycle/uninstalled') return { kind: 'lifecycle', hook: 'uninstalled' };
    return null;
  };

  const accepts = async (target: Route, token: string | null): Promise<boolean> => {
    // The weak app's first module forgot its authentication middleware.
    if (options.profile === 'weak' && target.kind === 'module' && target.index === 0) return true;
    if (!token) return false;
    try {
      if (target.kind === 'module') {
        await jwtVerify(token, sharedSecret, { algorithms: ['HS256'] });
        return true;
      }
      // The weak app reads the install token without checking its signature, so alg: none passes.
      if (options.profile === 'weak' && target.hook === 'installed') {
        decodeJwt(token);
        return true;
      }
      await jwtVerify(token, atlassianInstallKey(), { algorithms: ['RS256'] });
      return true;
    } catch {
      return false;
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'https://app.invalid');
    if (url.pathname === '/atlassian-connect.json') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(descriptor()));
      return true;
    }
    const target = route(url.pathname);
    if (!target) return false;
    const header = req.headers.authorization ?? null;
    const queryJwt = url.searchParams.get('jwt');
    const token = header?.startsWith('JWT ') ? header.slice(4) : queryJwt;
    // The routes answer from the token alone; the body is kept (up to 64 KiB) so tests can see what was sent.
    const chunks: Buffer[] = [];
    let kept = 0;
    req.on('data', (chunk: Buffer) => {
      if (kept < 65_536) chunks.push(chunk);
      kept += chunk.length;
    });
    req.on('end', () => {
      void accepts(target, token).then((ok) => {
        const status = ok ? 200 : 401;
        requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: header, queryJwt, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(ok ? '{"ok":true}' : '{"error":"JWT missing or invalid"}');
      });
    });
    return true;
  };

  return { handler, descriptor, requests };
}
