import type { Upload } from './use-evidence-uploads';

/** Progress of each upload, with a way to cancel one still running. */
export function UploadList({ uploads }: { uploads: Upload[] }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="uploads" aria-label="Uploads">
      {uploads.map((u) => (
        <li key={u.key}>
          <span className="break">{u.name}</span> <progress max={u.total || 1} value={u.loaded} aria-label={`Upload progress of ${u.name}`} />{' '}
          <span role="status">{u.state === 'uploading' ? `${Math.floor((u.loaded / (u.total || 1)) * 100)} %` : u.state === 'done' ? 'Uploaded' : u.message}</span>
          {u.state === 'uploading' && (
            <button type="button" className="link" onClick={() => u.xhr?.abort()}>
              Cancel upload of {u.name}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
