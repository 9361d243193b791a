import { LocalTime } from '@/app/_components/local-time';

type ExportRow = { id: string; format: string; sha256: string; createdAt: Date; createdBy: string | null; signed: number | boolean };

/** Downloads of the report in three formats, and the recent exports with their hashes. */
export function ReportPanel({ assessmentId, exports }: { assessmentId: string; exports: ExportRow[] }) {
  const href = (format: string) => `/api/assessments/${assessmentId}/report?format=${format}`;
  return (
    <section className="card" aria-labelledby="report-heading">
      <h2 id="report-heading">Report</h2>
      <p className="muted">
        Every export is signed with this instance&apos;s key. A PDF carries its signature inside; a CSV or JSON has a .sig file beside it in the list below. Anyone can check a file on the public{' '}
        <a href="/reports/verify">Verify a report</a> page.
      </p>
      <p className="row-actions">
        <a className="button secondary" href={href('pdf')} download>
          Download PDF report
        </a>
        <a className="button secondary" href={href('csv')} download>
          Download CSV
        </a>
        <a className="button secondary" href={href('json')} download>
          Download JSON
        </a>
      </p>
      {exports.length > 0 && (
        <details>
          <summary>Recent exports ({exports.length})</summary>
          <ul className="plain-list">
            {exports.map((e) => (
              <li key={e.id}>
                <LocalTime value={e.createdAt} /> · {e.format.toUpperCase()} · {e.createdBy ?? 'former user'} · report {e.id} · <code>{e.sha256.slice(0, 16)}…</code>
                {/* A PDF carries its signature inside; a CSV or JSON needs its .sig beside it. */}
                {e.signed && e.format !== 'pdf' ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={`/api/reports/exports/${e.id}/signature`} download aria-label={`Signature (.sig) of ${e.format.toUpperCase()} report ${e.id}`}>
                      .sig
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
