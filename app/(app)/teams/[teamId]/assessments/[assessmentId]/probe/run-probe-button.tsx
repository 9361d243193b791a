'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { startProbeRunAction } from './probe-actions';

/** Starts a run and opens it, so the person watches it progress. */
export function RunProbeButton({ assessmentId, running }: { assessmentId: string; running: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        disabled={pending || running}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await startProbeRunAction({ assessmentId });
            if (!result.ok) setError(result.error);
            else router.push(`?run=${result.data.runId}`);
          })
        }
      >
        {running ? 'Probe running…' : 'Run probe'}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
