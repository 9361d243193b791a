'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useActionRunner } from '@/app/_components/use-action-runner';
import { PREVIEWABLE_TYPES } from '@/lib/vault/previewable';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { addLinkEvidenceAction, attachPlanEvidenceAction, addTextEvidenceAction, deleteEvidenceAction, purgeEvidenceAction, restoreEvidenceAction } from '../../item-actions';
import { LocalTime } from '@/app/_components/local-time';

export type EvidenceView = {
  id: string;
  kind: 'file' | 'link' | 'text' | 'plan';
  name: string;
  url: string | null;
  body: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  mimeType: string | null;
  planHref: string | null;
  supersededAt: string | null;
  uploaderName: string | null;
  createdAt: string;
  validUntil: string | null;
  revision: number;
  lineageId: string | null;
  replacedAt: string | null;
  deletedAt: string | null;
  purgedAt: string | null;
};

type Upload = { key: string; name: string; loaded: number; total: number; state: 'uploading' | 'done' | 'failed' | 'cancelled'; message?: string; xhr?: XMLHttpRequest };

function formatSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function hostOf(url: string | null): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
}

function isPreviewable(mime: string | null): boolean {
  return !!mime && PREVIEWABLE_TYPES.includes(mime);
}

/**
 * Images load through <img>, which never runs script. PDFs load in a frame whose response carries
 * `CSP: sandbox`, so the document gets an opaque origin and no scripts while Chromium's viewer still draws it
 * (a sandbox attribute on the frame would block the viewer altogether).
 */
function EvidencePreview({ id, name, mimeType }: { id: string; name: string; mimeType: string }) {
  const src = `/api/evidence/${id}?disposition=inline`;
  return (
    <div className="evidence-preview">
      {mimeType === 'application/pdf' ? (
        <iframe src={src} title={`Preview of ${name}`} referrerPolicy="no-referrer" />
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- evidence is private and decrypted per request; next/image would cache it
        <img src={src} alt={`Preview of ${name}`} />
      )}
    </div>
  );
}

function uploadKey(file: File): string {
  return `${file.name}-${Date.now()}-${Math.random()}`;
}

type UploadEvents = { progress: (loaded: number, total: number) => void; done: () => void; failed: (message: string) => void; cancelled: () => void };

/** Streams one file to the upload route; XMLHttpRequest because fetch reports no upload progress. */
function sendUpload(url: string, file: File, on: UploadEvents): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  xhr.upload.onprogress = (e) => on.progress(e.loaded, e.total || file.size);
  xhr.onload = () => {
    if (xhr.status === 201) return on.done();
    let message = `Upload failed (${xhr.status}).`;
    try {
      message = (JSON.parse(xhr.responseText) as { error?: string }).error ?? message;
    } catch {
      // keep the generic message
    }
    on.failed(message);
  };
  xhr.onerror = () => on.failed('The connection was lost during the upload.');
  xhr.onabort = () => on.cancelled();
  xhr.open('POST', url);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.send(file);
  return xhr;
}

export type AttachablePlan = { planId: string; title: string; number: number; suggested: boolean };

export function EvidencePanel(props: {
  assessmentId: string;
  itemId: string;
  rows: EvidenceView[];
  canEdit: boolean;
  isAdmin: boolean;
  today: string;
  plans: AttachablePlan[];
  // Who signed the item off as it is now; adding evidence then makes that sign-off stale, so it asks first.
  signedOffBy: string | null;
}) {
  const router = useRouter();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [validUntil, setValidUntil] = useState('');
  const { pending, error, run } = useActionRunner();
  const [copied, setCopied] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [undo, setUndo] = useState<{ id: string; name: string } | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  // The change waiting for "yes" is kept outside state: it is an event handler's work, never rendered.
  const awaitingConfirm = useRef<(() => void) | null>(null);
  const [confirming, setConfirming] = useState(false);

  /** Runs `change` at once, or after a confirmation when it would make the current sign-off stale. */
  function unlessSigned(change: () => void) {
    if (props.signedOffBy === null) return change();
    awaitingConfirm.current = change;
    setConfirming(true);
  }

  function remove(row: { id: string; name: string }) {
    setRestored(null);
    run(
      () => deleteEvidenceAction({ evidenceId: row.id }),
      () => setUndo(row),
    );
  }

  function restore(row: { id: string; name: string }) {
    run(
      () => restoreEvidenceAction({ evidenceId: row.id }),
      () => {
        setUndo(null);
        setRestored(`Restored “${row.name}”.`);
      },
    );
  }

  const current = props.rows.filter((r) => !r.replacedAt && !r.deletedAt);
  const deleted = props.rows.filter((r) => r.deletedAt && !r.replacedAt);
  const earlier = (lineage: string | null, id: string) => props.rows.filter((r) => r.replacedAt && (r.lineageId ?? r.id) === (lineage ?? id));

  function patch(key: string, p: Partial<Upload>) {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u)));
  }

  function upload(file: File, replaces?: string) {
    const params = new URLSearchParams({ assessmentId: props.assessmentId, itemId: props.itemId, name: file.name });
    if (replaces) params.set('replaces', replaces);
    if (validUntil) params.set('validUntil', validUntil);
    const key = uploadKey(file);
    const xhr = sendUpload(`/api/evidence/upload?${params}`, file, {
      progress: (loaded, total) => patch(key, { loaded, total }),
      done: () => {
        patch(key, { state: 'done', loaded: file.size, xhr: undefined });
        router.refresh();
      },
      failed: (message) => patch(key, { state: 'failed', message, xhr: undefined }),
      cancelled: () => patch(key, { state: 'cancelled', message: 'Cancelled.', xhr: undefined }),
    });
    setUploads((list) => [...list, { key, name: file.name, loaded: 0, total: file.size, state: 'uploading', xhr }]);
  }

  async function copy(hash: string) {
    await navigator.clipboard?.writeText(hash).catch(() => undefined);
    setCopied(hash);
  }

  return (
    <section className="card" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence ({current.length})</h2>
      {undo && (
        <div className="alert info" role="status">
          Deleted “{undo.name}”.{' '}
          <button type="button" className="link" disabled={pending} onClick={() => restore(undo)}>
            Undo: restore {undo.name}
          </button>
        </div>
      )}
      {restored && !undo && (
        <div className="alert success" role="status">
          {restored}
        </div>
      )}
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {current.length === 0 ? (
        <p className="muted">No evidence attached yet.</p>
      ) : (
        // A wide table scrolls inside its card instead of running under the guidance column.
        <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Evidence</th>
              <th scope="col">Kind</th>
              <th scope="col">Size</th>
              <th scope="col">Added</th>
              <th scope="col">SHA-256</th>
              <th scope="col">Valid until</th>
              {props.canEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {current.map((e) => {
              const expired = !!e.validUntil && e.validUntil < props.today;
              const older = earlier(e.lineageId, e.id);
              return (
                <tr key={e.id}>
                  <td>
                    {e.kind === 'file' && (
                      <a href={`/api/evidence/${e.id}`} download>
                        {e.name}
                      </a>
                    )}
                    {e.kind === 'file' && isPreviewable(e.mimeType) && (
                      <div>
                        <button type="button" className="link" aria-expanded={previewing === e.id} onClick={() => setPreviewing(previewing === e.id ? null : e.id)}>
                          {previewing === e.id ? `Hide preview of ${e.name}` : `Preview ${e.name}`}
                        </button>
                      </div>
                    )}
                    {previewing === e.id && <EvidencePreview id={e.id} name={e.name} mimeType={e.mimeType!} />}
                    {e.kind === 'link' && e.url && (
                      <>
                        <a href={e.url} rel="noopener noreferrer nofollow" target="_blank">
                          {e.name}
                        </a>{' '}
                        <span className="muted">({hostOf(e.url)})</span>
                      </>
                    )}
                    {e.kind === 'plan' && (
                      <>
                        {e.planHref ? <a href={e.planHref}>{e.name}</a> : e.name}
                        {e.supersededAt && (
                          <div>
                            <span className="badge stale-badge">Superseded</span> <span className="muted">a newer version was published on {e.supersededAt.slice(0, 10)}</span>
                          </div>
                        )}
                      </>
                    )}
                    {e.kind === 'text' && (
                      <details>
                        <summary>{e.name}</summary>
                        <p className="pre-wrap">{e.body}</p>
                      </details>
                    )}
                    {e.revision > 1 && <div className="muted">Revision {e.revision}</div>}
                    {older.length > 0 && (
                      <details>
                        <summary>Earlier revisions ({older.length})</summary>
                        <ul>
                          {older.map((o) => (
                            <li key={o.id}>
                              {o.kind === 'file' && !o.purgedAt ? <a href={`/api/evidence/${o.id}`}>{o.name}</a> : o.name} (revision {o.revision}, {o.createdAt.slice(0, 10)}, {o.sha256?.slice(0, 12)}
                              …){o.purgedAt && ' — purged'}
                              {props.isAdmin && !o.purgedAt && o.kind === 'file' && (
                                <button type="button" className="link" disabled={pending} onClick={() => run(() => purgeEvidenceAction({ evidenceId: o.id }))}>
                                  {' '}
                                  Purge revision {o.revision}
                                </button>
                              )}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                  <td>{e.kind}</td>
                  <td>{formatSize(e.sizeBytes)}</td>
                  <td>
                    {e.uploaderName ?? '—'}
                    <div className="muted"><LocalTime value={e.createdAt} /></div>
                  </td>
                  <td>
                    {e.sha256 ? (
                      <>
                        <code title={e.sha256}>{e.sha256.slice(0, 12)}…</code>{' '}
                        <button type="button" className="link" onClick={() => copy(e.sha256!)} aria-label={`Copy SHA-256 of ${e.name}`}>
                          {copied === e.sha256 ? 'Copied' : 'Copy'}
                        </button>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className={expired ? 'overdue' : undefined}>
                    {e.validUntil ?? '—'}
                    {expired && ' (expired)'}
                  </td>
                  {props.canEdit && (
                    <td>
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
                                if (file) unlessSigned(() => upload(file, e.id));
                                ev.target.value = '';
                              }}
                            />
                          </>
                        )}
                        <button type="button" className="danger" disabled={pending} onClick={() => remove({ id: e.id, name: e.name })}>
                          Delete {e.name}
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      )}

      {props.isAdmin && deleted.length > 0 && (
        <details>
          <summary>Deleted evidence ({deleted.length})</summary>
          <ul>
            {deleted.map((d) => (
              <li key={d.id}>
                {d.name} ({d.kind}, deleted {d.deletedAt!.slice(0, 10)}){d.purgedAt && ' — purged'}
                {!d.purgedAt && (
                  <button type="button" className="link" disabled={pending} onClick={() => run(() => purgeEvidenceAction({ evidenceId: d.id }))}>
                    {' '}
                    Purge {d.name}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}

      <ConfirmDialog
        open={confirming}
        title="Add evidence to a signed-off item?"
        consequence={`${props.signedOffBy ?? 'A reviewer'} signed this item off as it is now. New evidence changes what was signed, so the sign-off becomes stale and the item needs a new review.`}
        confirmLabel="Add it; the sign-off goes stale"
        onCancel={() => {
          awaitingConfirm.current = null;
          setConfirming(false);
        }}
        onConfirm={() => {
          const change = awaitingConfirm.current;
          awaitingConfirm.current = null;
          setConfirming(false);
          change?.();
        }}
      />

      {props.canEdit && (
        <>
          <h3>Attach files</h3>
          <div
            className={`drop-zone${dragging ? ' dragging' : ''}`}
            onDragOver={(ev) => {
              ev.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(ev) => {
              ev.preventDefault();
              setDragging(false);
              const files = Array.from(ev.dataTransfer.files);
              unlessSigned(() => files.forEach((f) => upload(f)));
            }}
          >
            <label htmlFor="evidence-files">Choose files or drop them here</label>
            <input
              id="evidence-files"
              type="file"
              multiple
              onChange={(ev) => {
                const files = Array.from(ev.target.files ?? []);
                ev.target.value = '';
                unlessSigned(() => files.forEach((f) => upload(f)));
              }}
            />
            <div className="field">
              <label htmlFor="evidence-valid-until">Valid until (optional, for the next uploads)</label>
              <input id="evidence-valid-until" type="date" value={validUntil} onChange={(ev) => setValidUntil(ev.target.value)} />
            </div>
          </div>
          {uploads.length > 0 && (
            <ul className="uploads" aria-label="Uploads">
              {uploads.map((u) => (
                <li key={u.key}>
                  <span>{u.name}</span> <progress max={u.total || 1} value={u.loaded} aria-label={`Upload progress of ${u.name}`} />{' '}
                  <span role="status">
                    {u.state === 'uploading' ? `${Math.floor((u.loaded / (u.total || 1)) * 100)} %` : u.state === 'done' ? 'Uploaded' : u.message}
                  </span>
                  {u.state === 'uploading' && (
                    <button type="button" className="link" onClick={() => u.xhr?.abort()}>
                      Cancel upload of {u.name}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {props.plans.length > 0 && <PlanForm {...props} run={run} pending={pending} unlessSigned={unlessSigned} />}
          <LinkForm {...props} run={run} pending={pending} unlessSigned={unlessSigned} />
          <NoteForm {...props} run={run} pending={pending} unlessSigned={unlessSigned} />
        </>
      )}
    </section>
  );
}

type FormProps = { assessmentId: string; itemId: string; pending: boolean; run: ReturnType<typeof useActionRunner>['run']; unlessSigned: (change: () => void) => void };

/** Attaches the latest published version of one of the team's plans; the suggested ones come first. */
function PlanForm({ assessmentId, itemId, pending, run, unlessSigned, plans }: FormProps & { plans: AttachablePlan[] }) {
  const ordered = [...plans].sort((a, b) => Number(b.suggested) - Number(a.suggested));
  const [planId, setPlanId] = useState(ordered[0]?.planId ?? '');
  return (
    <form
      className="inline-form evidence-form"
      aria-label="Attach a plan"
      onSubmit={(ev) => {
        ev.preventDefault();
        unlessSigned(() => run(() => attachPlanEvidenceAction({ assessmentId, itemId, planId })));
      }}
    >
      <div className="field">
        <label htmlFor="attach-plan">Published plan</label>
        <select id="attach-plan" value={planId} onChange={(ev) => setPlanId(ev.target.value)}>
          {ordered.map((p) => (
            <option key={p.planId} value={p.planId}>
              {p.title} (version {p.number}){p.suggested ? ' — suggested for this item' : ''}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending || !planId}>
        Attach plan
      </button>
    </form>
  );
}

function LinkForm({ assessmentId, itemId, pending, run, unlessSigned }: FormProps) {
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [validUntil, setValidUntil] = useState('');
  return (
    <form
      className="inline-form evidence-form"
      aria-label="Add a link"
      onSubmit={(ev) => {
        ev.preventDefault();
        unlessSigned(() =>
          run(
            () => addLinkEvidenceAction({ assessmentId, itemId, title, url, validUntil }),
            () => {
              setTitle('');
              setUrl('');
              setValidUntil('');
            },
          ),
        );
      }}
    >
      <div className="field">
        <label htmlFor="link-title">Link title</label>
        <input id="link-title" type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="link-url">Link address</label>
        <input id="link-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="link-valid-until">Link valid until (optional)</label>
        <input id="link-valid-until" type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
      </div>
      <button type="submit" className="secondary" disabled={pending}>
        Add link
      </button>
    </form>
  );
}

function NoteForm({ assessmentId, itemId, pending, run, unlessSigned }: FormProps) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [validUntil, setValidUntil] = useState('');
  return (
    <form
      className="evidence-form"
      aria-label="Add a note"
      onSubmit={(ev) => {
        ev.preventDefault();
        unlessSigned(() =>
          run(
            () => addTextEvidenceAction({ assessmentId, itemId, title, body, validUntil }),
            () => {
              setTitle('');
              setBody('');
              setValidUntil('');
            },
          ),
        );
      }}
    >
      <div className="field">
        <label htmlFor="note-title">Note title</label>
        <input id="note-title" type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="note-body">Note</label>
        <textarea id="note-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="note-valid-until">Note valid until (optional)</label>
        <input id="note-valid-until" type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
      </div>
      <button type="submit" className="secondary" disabled={pending}>
        Add note
      </button>
    </form>
  );
}
