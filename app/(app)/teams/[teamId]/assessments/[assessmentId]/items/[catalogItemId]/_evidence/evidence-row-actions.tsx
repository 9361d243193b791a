import type { ConfirmChange, EvidenceView } from './types';

/** Replace a file with a new revision, or delete any evidence (an undo follows). */
export function EvidenceRowActions({ e, pending, confirmed, onReplace, onDelete }: { e: EvidenceView; pending: boolean; confirmed: ConfirmChange; onReplace: (file: File) => void; onDelete: () => void }) {
  return (
    <div className="row-actions">
      {e.kind === 'file' && (
        <>
          <label className="button secondary" htmlFor={`replace-${e.id}`}>
            Replace
          </label>
          <input
            id={`replace-${e.id}`}
            className="sr-only file-behind-label"
            type="file"
            aria-label={`Replace ${e.name}`}
            onChange={(ev) => {
              const file = ev.target.files?.[0];
              ev.target.value = '';
              if (file) void confirmed().then((yes) => yes && onReplace(file));
            }}
          />
        </>
      )}
      {/* The name is in the row already; said in full to a screen reader, shown short so the column stays narrow. */}
      <button type="button" className="danger" disabled={pending} onClick={onDelete} aria-label={`Delete ${e.name}`}>
        Delete
      </button>
    </div>
  );
}
