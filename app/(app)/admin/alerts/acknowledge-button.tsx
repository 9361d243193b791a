'use client';

import { useActionRunner } from '@/app/_components/use-action-runner';
import { acknowledgeAlertAction } from './actions';

export function AcknowledgeButton({ alertId, label }: { alertId: string; label: string }) {
  const { pending, error, run } = useActionRunner();
  return (
    <>
      <button type="button" className="secondary" disabled={pending} aria-label={`Acknowledge: ${label}`} onClick={() => run(() => acknowledgeAlertAction({ alertId }))}>
        Acknowledge
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
