import type { Metadata } from 'next';
import { requireUser } from '@/app/_server/current-user';
import { describeAppliesWhen } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';

export const metadata: Metadata = { title: 'Catalog' };

export default async function CatalogPage() {
  await requireUser();
  const catalog = currentCatalog();
  return (
    <>
      <h1>Checklist catalog</h1>
      <p className="muted">
        {catalog.title}, version {catalog.version} (released {catalog.released}). Based on “{catalog.source.title}”; {catalog.items.length} items in{' '}
        {catalog.categories.length} categories.
      </p>
      <div className="catalog-layout">
        <nav aria-label="Categories">
          <ol>
            {catalog.categories.map((c) => (
              <li key={c.slug}>
                <a href={`#${c.slug}`}>{c.title}</a> <span className="muted">({c.items.length})</span>
              </li>
            ))}
          </ol>
        </nav>
        <div>
          {catalog.categories.map((c) => (
            <section key={c.slug} id={c.slug} aria-labelledby={`${c.slug}-heading`}>
              <h2 id={`${c.slug}-heading`}>{c.title}</h2>
              <p className="muted">{c.description}</p>
              {c.items.map((item) => (
                <details key={item.id} className="card catalog-item" id={item.id}>
                  <summary>
                    <h3>{item.title}</h3>
                    <span className={`badge ${item.severity}`}>{item.severity} severity</span>
                    <span className="badge">{item.seedRef ? `Source ${item.seedRef}` : 'Added by Preflight'}</span>
                  </summary>
                  <dl>
                    <dt>Why it matters</dt>
                    <dd>{item.why}</dd>
                    <dt>How to verify</dt>
                    <dd>{item.verify}</dd>
                    <dt>Acceptance criteria</dt>
                    <dd>
                      <ul>
                        {item.acceptanceCriteria.map((ac) => (
                          <li key={ac.id}>{ac.text}</li>
                        ))}
                      </ul>
                    </dd>
                    <dt>Expected evidence</dt>
                    <dd>
                      <ul>
                        {item.expectedEvidence.map((e) => (
                          <li key={e}>{e}</li>
                        ))}
                      </ul>
                    </dd>
                    <dt>Applies to</dt>
                    <dd>{describeAppliesWhen(item, catalog.profileQuestions)}</dd>
                    <dt>References</dt>
                    <dd>
                      <ul>
                        {item.references.map((r) => (
                          <li key={`${r.standard}-${r.id}`}>
                            {r.standard} {r.id}
                            {r.title ? `: ${r.title}` : ''}
                          </li>
                        ))}
                      </ul>
                    </dd>
                    <dt>Item id</dt>
                    <dd>
                      <code>{item.id}</code>
                    </dd>
                  </dl>
                </details>
              ))}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
