export type Deleted = { id: string; name: string };

/** Right after a delete: says what went and offers to bring it back; after an undo, says it is back. */
export function UndoNotice({ undo, restored, pending, onRestore }: { undo: Deleted | null; restored: string | null; pending: boolean; onRestore: (row: Deleted) => void }) {
  if (undo) {
    return (
      <div className="alert info" role="status">
        Deleted “{undo.name}”.{' '}
        <button type="button" className="link" disabled={pending} onClick={() => onRestore(undo)}>
          Undo: restore {undo.name}
        </button>
      </div>
    );
  }
  if (restored) {
    return (
      <div className="alert success" role="status">
        {restored}
      </div>
    );
  }
  return null;
}
