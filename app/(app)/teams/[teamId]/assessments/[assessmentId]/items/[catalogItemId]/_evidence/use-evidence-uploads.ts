'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export type Upload = { key: string; name: string; loaded: number; total: number; state: 'uploading' | 'done' | 'failed' | 'cancelled'; message?: string; xhr?: XMLHttpRequest };

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

/**
 * The item's uploads in flight and done, and the "valid until" date the next ones carry. Shared by the drop zone
 * and each row's Replace, so a replacement gets the same date and shows in the same progress list.
 */
export function useEvidenceUploads(assessmentId: string, catalogItemId: string) {
  const router = useRouter();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [validUntil, setValidUntil] = useState('');

  function patch(key: string, p: Partial<Upload>) {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u)));
  }

  function upload(file: File, replaces?: string) {
    const params = new URLSearchParams({ assessmentId, catalogItemId, name: file.name });
    if (replaces) params.set('replaces', replaces);
    if (validUntil) params.set('validUntil', validUntil);
    const key = `${file.name}-${Date.now()}-${Math.random()}`;
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

  return { uploads, upload, validUntil, setValidUntil };
}

export type EvidenceUploads = ReturnType<typeof useEvidenceUploads>;
