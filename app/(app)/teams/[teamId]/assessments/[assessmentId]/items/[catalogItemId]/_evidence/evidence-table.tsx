'use client';

import { useState } from 'react';
import { LocalTime } from '@/app/_components/local-time';
import { EarlierRevisions } from './earlier-revisions';
import { EvidenceName } from './evidence-name';
import { EvidenceRowActions } from './evidence-row-actions';
import type { ConfirmChange, EvidenceView } from './types';

function formatSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export type EvidenceTableProps = {
  current: EvidenceView[];
  /** The revisions each current row replaced, by row id. */
  earlierOf: (row: EvidenceView) => EvidenceView[];
  canEdit: boolean;
  canPurge: boolean;
  today: string;
  pending: boolean;
  confirmed: ConfirmChange;
  onReplace: (row: EvidenceView, file: File) => void;
  onDelete: (row: EvidenceView) => void;
  onPurge: (id: string) => void;
};

/** The current evidence, one row each; wide, so it scrolls inside its own box on a phone. */
export function EvidenceTable(props: EvidenceTableProps) {
  const [copied, setCopied] = useState<string | null>(null);
  // One preview at a time: a PDF frame is large.
  const [previewing, setPreviewing] = useState<string | null>(null);

  async function copy(hash: string) {
    await navigator.clipboard?.writeText(hash).catch(() => undefined);
    setCopied(hash);
  }

  return (
    <div className="table-scroll">
      <table className="evidence-table">
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
          {props.current.map((e) => {
            const expired = !!e.validUntil && e.validUntil < props.today;
            return (
              <tr key={e.id}>
                <td className="evidence-name">
                  <EvidenceName e={e} previewing={previewing === e.id} onTogglePreview={() => setPreviewing(previewing === e.id ? null : e.id)} />
                  <EarlierRevisions older={props.earlierOf(e)} canPurge={props.canPurge} pending={props.pending} onPurge={props.onPurge} />
                </td>
                <td>{e.kind}</td>
                <td className="nowrap">{formatSize(e.sizeBytes)}</td>
                <td>
                  {e.uploaderName ?? '—'}
                  <div className="muted nowrap">
                    <LocalTime value={e.createdAt} />
                  </div>
                </td>
                <td className="nowrap">
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
                    <EvidenceRowActions e={e} pending={props.pending} confirmed={props.confirmed} onReplace={(file) => props.onReplace(e, file)} onDelete={() => props.onDelete(e)} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
