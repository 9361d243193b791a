import type { EvidenceView } from './types';

/** For admins: evidence deleted from this item, whose stored content can be purged for good. */
export function DeletedEvidence({ deleted, pending, onPurge }: { deleted: EvidenceView[]; pending: boolean; onPurge: (id: string) => void }) {
  if (deleted.length === 0) return null;
  return (
    <details>
      <summary>Deleted evidence ({deleted.length})</summary>
      <ul>
        {deleted.map((d) => (
          <li key={d.id}>
            {d.name} ({d.kind}, deleted {d.deletedAt!.slice(0, 10)}){d.purgedAt && ' — purged'}
            {!d.purgedAt && (
              <button type="button" className="link" disabled={pending} onClick={() => onPurge(d.id)}>
                {' '}
                Purge {d.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
