import type { ProbeEvidenceDetails } from '@/lib/probe/evidence-view';

/** A probe run's result for this item: each check with its status, what it found, and the raw proof. */
export function ProbeEvidence({ name, details, runHref }: { name: string; details: ProbeEvidenceDetails | null; runHref: string | null }) {
  return (
    <details>
      <summary>{name}</summary>
      {details ? (
        <>
          <p className="muted">
            {details.baseUrl}, finished {details.finishedAt.slice(0, 16).replace('T', ' ')} UTC{runHref && <> · <a href={runHref}>the whole run</a></>}
          </p>
          <ul className="check-list">
            {details.checks.map((c) => (
              <li key={c.id}>
                <span className={`check-status ${c.status}`}>{c.status}</span> <strong>{c.title}</strong> <code>{c.id}</code>
                <div>{c.summary}</div>
                {c.proof.length > 0 && (
                  <details>
                    <summary>Proof ({c.proof.length} lines)</summary>
                    <pre className="proof">{c.proof.join('\n')}</pre>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">This probe result cannot be shown.</p>
      )}
    </details>
  );
}
