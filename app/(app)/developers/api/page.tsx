import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/app/_server/current-user';
import { API_ROUTES } from '@/lib/api/routes';
import { scopeDescriptions } from '@/lib/validation/api-token';
import { apiTokenScopes } from '@/lib/domain/enums';

export const metadata: Metadata = { title: 'API reference' };

// The readable face of /api/v1/openapi.json: the same route table, so the two cannot disagree.
export default async function ApiReferencePage() {
  await requireUser();
  return (
    <>
      <h1>API reference</h1>
      <p>
        Preflight’s REST API lives under <code>/api/v1</code>. Send an API token with every request: <code>Authorization: Bearer pft_…</code>. Make one on{' '}
        <Link href="/account/tokens">your API tokens</Link> page, or a service token for CI on a team’s page. A token acts as the person who made it, never beyond its
        scopes, and a team token only within its team.
      </p>
      <p>
        The machine-readable description is the OpenAPI 3.1 document at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Errors come as{' '}
        <code>application/problem+json</code> with a <code>detail</code> sentence; too many requests get 429 with <code>Retry-After</code>. Lists are paged with{' '}
        <code>cursor</code> and <code>limit</code>.
      </p>
      <section aria-labelledby="scopes-heading">
        <h2 id="scopes-heading">Scopes</h2>
        <ul>
          {apiTokenScopes.map((s) => (
            <li key={s}>{scopeDescriptions[s]}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="gate-heading">
        <h2 id="gate-heading">The release gate in CI</h2>
        <p>
          The script <code>scripts/preflight-gate</code> needs only <code>curl</code> and a POSIX shell. It exits 0 when the launch is cleared and 1 with the reasons
          otherwise. Copy-paste examples for GitHub Actions and GitLab CI are in <code>docs/api.md</code> in the repository.
        </p>
        <pre className="code-block">
          {'PREFLIGHT_URL=https://preflight.example.com PREFLIGHT_TOKEN=pft_… \\\n  sh scripts/preflight-gate <assessment id> [--probe https://staging.example.com]'}
        </pre>
      </section>
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {API_ROUTES.map((r) => (
          <article key={`${r.method} ${r.path}`} className="card" aria-labelledby={`op-${r.method}-${r.path}`}>
            <h3 id={`op-${r.method}-${r.path}`}>{r.summary}</h3>
            <p className="api-route">
              <code>
                {r.method} {r.path}
              </code>
            </p>
            <p>{r.description}</p>
            <p>
              Scopes: {r.scopes.join(' or ')}
              {r.query ? (
                <>
                  {' '}
                  · Query: {Object.keys(r.query.shape).map((k, i) => (
                    <span key={k}>
                      {i ? ', ' : ''}
                      <code>{k}</code>
                    </span>
                  ))}
                </>
              ) : null}
              {r.body ? <> · Body: {'binary' in r.body ? 'the raw file' : 'JSON'}</> : null}
            </p>
          </article>
        ))}
      </section>
    </>
  );
}
