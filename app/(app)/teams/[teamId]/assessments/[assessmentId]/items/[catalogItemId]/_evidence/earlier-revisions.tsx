import type { EvidenceView } from './types';

/** The revisions a file replaced; an admin may purge an old file's content, keeping its record. */
export function EarlierRevisions({ older, canPurge, pending, onPurge }: { older: EvidenceView[]; canPurge: boolean; pending: boolean; onPurge: (id: string) => void }) {
  if (older.length === 0) return null;
  return (
    <details>
      <summary>Earlier revisions ({older.length})</summary>
      <ul>
        {older.map((o) => (
          <li key={o.id}>
            {o.kind === 'file' && !o.purgedAt ? <a href={`/api/evidence/${o.id}`}>{o.name}</a> : o.name} (revision {o.revision}, {o.createdAt.slice(0, 10)}, {o.sha256?.slice(0, 12)}
            …){o.purgedAt && ' — purged'}
            {canPurge && !o.purgedAt && o.kind === 'file' && (
              <button type="button" className="link" disabled={pending} onClick={() => onPurge(o.id)}>
                {' '}
                Purge revision {o.revision}
              </button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
