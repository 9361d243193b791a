'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { LocalTime } from '@/app/_components/local-time';
import { SIGNATURE_HEADER, type PublicVerifyAnswer } from '@/lib/report/public-verify';

type Fields = { report: FileList; signature: FileList };

/** Sends the file's bytes (and a .sig, base64url in a header) to the public endpoint; the server does every check. */
export function PublicVerifyForm() {
  const { register, handleSubmit, setError, formState } = useForm<Fields>();
  const [answer, setAnswer] = useState<PublicVerifyAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reportError = formState.errors.report?.message;

  async function check(fields: Fields) {
    setAnswer(null);
    setFailure(null);
    const report = fields.report?.[0];
    if (!report) {
      setError('report', { message: 'Choose the report file to check.' });
      return;
    }
    const sig = fields.signature?.[0];
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (sig) {
      if (sig.size > 64 * 1024) {
        setError('signature', { message: 'That is not a Preflight .sig file: those are under 1 KB.' });
        return;
      }
      let binary = '';
      for (const byte of new Uint8Array(await sig.arrayBuffer())) binary += String.fromCharCode(byte);
      headers[SIGNATURE_HEADER] = btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    }
    try {
      const response = await fetch('/api/public/reports/verify', { method: 'POST', body: report, headers });
      const body = (await response.json()) as PublicVerifyAnswer & { error?: string };
      if (!response.ok) setFailure(body.error ?? `The check failed (${response.status}).`);
      else setAnswer(body);
    } catch {
      setFailure('The check could not reach the server. Try again.');
    }
  }

  return (
    <form className="card" onSubmit={handleSubmit(check)} noValidate aria-label="Verify a report">
      <div className="field">
        <label htmlFor="public-verify-report">Report file (PDF, CSV or JSON)</label>
        <input id="public-verify-report" type="file" aria-invalid={!!reportError} aria-describedby={reportError ? 'public-verify-report-error' : undefined} {...register('report')} />
        {reportError && (
          <span id="public-verify-report-error" className="field-error" role="alert">
            {reportError}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="public-verify-signature">Signature file (.sig, for CSV and JSON)</label>
        <input
          id="public-verify-signature"
          type="file"
          accept=".sig,application/json"
          aria-invalid={!!formState.errors.signature}
          aria-describedby={formState.errors.signature ? 'public-verify-signature-error' : undefined}
          {...register('signature')}
        />
        {formState.errors.signature?.message && (
          <span id="public-verify-signature-error" className="field-error" role="alert">
            {formState.errors.signature.message}
          </span>
        )}
      </div>
      <button type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Checking…' : 'Check report'}
      </button>
      <div role="status" className="verify-result">
        {failure && <div className="alert error">{failure}</div>}
        {answer?.genuine && (
          <div className="alert success">
            <strong>Genuine.</strong> Signed by this Preflight instance (key {answer.key.keyId}) and unaltered since: the {answer.report.format.toUpperCase()} report {answer.report.reportId} of{' '}
            {answer.report.appName}, generated <LocalTime value={answer.report.generatedAt} />.
          </div>
        )}
        {answer && !answer.genuine && (
          <div className="alert error">
            <strong>Not genuine.</strong> {answer.message}
          </div>
        )}
        {answer && <p className="muted break">SHA-256 of the file: {answer.sha256}</p>}
      </div>
    </form>
  );
}
