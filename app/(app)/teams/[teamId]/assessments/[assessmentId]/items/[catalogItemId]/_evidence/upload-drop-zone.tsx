'use client';

import { useState } from 'react';
import type { ConfirmChange } from './types';
import type { EvidenceUploads } from './use-evidence-uploads';

/** Choose or drop files to attach, and the date they stay valid until. */
export function UploadDropZone({ uploads, confirmed }: { uploads: EvidenceUploads; confirmed: ConfirmChange }) {
  const [dragging, setDragging] = useState(false);

  async function attach(files: File[]) {
    if (files.length && (await confirmed())) files.forEach((f) => uploads.upload(f));
  }

  return (
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
        void attach(Array.from(ev.dataTransfer.files));
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
          void attach(files);
        }}
      />
      <div className="field">
        <label htmlFor="evidence-valid-until">Valid until (optional, for the next uploads)</label>
        <input id="evidence-valid-until" type="date" value={uploads.validUntil} onChange={(ev) => uploads.setValidUntil(ev.target.value)} />
      </div>
    </div>
  );
}
