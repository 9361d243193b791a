'use client';

import { useState } from 'react';
import { LocalTime } from '@/app/_components/local-time';

type Result = { genuine: boolean; sha256: string; export: { id: string; format: string; createdAt: string; createdBy: string | null; appName: string; teamName: string } | null };

/** Sends the chosen file's bytes to the verify endpoint; the hash is computed on the server, not trusted from here. */
export function VerifyForm() {
  const [file, setFile] = useState<File | null>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function check(e: React.FormEvent) {
    e.preventDefault();
    setResult(null);
    setError(null);
    if (!file) {
      setError('Choose a report file to check.');
      return;
    }
    setPending(true);
    try {
      const response = await fetch('/api/reports/verify', { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } });
      const body = (await response.json()) as Result & { error?: string };
      if (!response.ok) setError(body.error ?? `The check failed (${response.status}).`);
      else setResult(body);
    } catch {
      setError('The check could not reach the server. Try again.');
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void check(e)} noValidate aria-label="Verify a report">
      <div className="field">
        <label htmlFor="verify-file">Report file (PDF, CSV or JSON)</label>
        <input id="verify-file" type="file" aria-describedby={error ? 'verify-error' : undefined} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        {error && (
          <span id="verify-error" className="field-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Checking…' : 'Check report'}
      </button>
      <div role="status" className="verify-result">
        {result?.genuine && result.export && (
          <div className="alert success">
            <strong>Genuine.</strong> This file is exactly report {result.export.id} ({result.export.format.toUpperCase()}) of {result.export.appName} ({result.export.teamName}), exported by{' '}
            {result.export.createdBy ?? 'a former user'} on <LocalTime value={result.export.createdAt} />.
          </div>
        )}
        {result && !result.genuine && (
          <div className="alert error">
            <strong>Not genuine.</strong> This file does not match any report exported from this Preflight. It may have been altered, or come from another instance.
          </div>
        )}
        {result && <p className="muted break">SHA-256 of the file: {result.sha256}</p>}
      </div>
    </form>
  );
}
