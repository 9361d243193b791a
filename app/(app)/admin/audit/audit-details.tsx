import type { AuditEntry } from '@/db/schema';
import type { DescribedAuditEntry } from '@/lib/audit/describe';

function rawEntry(entry: AuditEntry): string {
  let details: unknown = entry.details;
  try {
    details = JSON.parse(entry.details);
  } catch {
    // Kept as the stored string: the raw view must show exactly what is there.
  }
  return JSON.stringify({ ...entry, at: entry.at.toISOString(), details }, null, 2);
}

/** The details in words, and the stored entry as it is (ids, hashes) for auditors who need to check it. */
export function AuditDetails({ entry }: { entry: AuditEntry & { described: DescribedAuditEntry } }) {
  const { details } = entry.described;
  return (
    <>
      {details.length > 0 && (
        <dl className="audit-details">
          {details.map((d, i) => (
            <div key={i}>
              <dt>{d.label}</dt>
              <dd>{d.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <details>
        <summary>Raw entry</summary>
        <pre className="raw-entry">{rawEntry(entry)}</pre>
      </details>
    </>
  );
}
