import { PREVIEWABLE_TYPES } from '@/lib/vault/previewable';
import { EvidencePreview } from './evidence-preview';
import { ProbeEvidence } from './probe-evidence';
import type { EvidenceView } from './types';

function hostOf(url: string | null): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
}

/** What the evidence is and how to open it: download, preview, follow the link, read the note or the plan. */
export function EvidenceName({ e, previewing, onTogglePreview }: { e: EvidenceView; previewing: boolean; onTogglePreview: () => void }) {
  const previewable = e.kind === 'file' && !!e.mimeType && PREVIEWABLE_TYPES.includes(e.mimeType);
  return (
    <>
      {e.kind === 'file' && (
        <a href={`/api/evidence/${e.id}`} download>
          {e.name}
        </a>
      )}
      {previewable && (
        <div>
          <button type="button" className="link" aria-expanded={previewing} onClick={onTogglePreview} aria-label={previewing ? `Hide preview of ${e.name}` : `Preview ${e.name}`}>
            {previewing ? 'Hide preview' : 'Preview'}
          </button>
        </div>
      )}
      {previewable && previewing && <EvidencePreview id={e.id} name={e.name} mimeType={e.mimeType!} />}
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
      {e.kind === 'probe' && <ProbeEvidence name={e.name} details={e.probe} runHref={e.probeRunHref} />}
      {e.revision > 1 && <div className="muted">Revision {e.revision}</div>}
    </>
  );
}
