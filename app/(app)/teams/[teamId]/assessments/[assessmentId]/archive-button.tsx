'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { setArchivedAction } from '../actions';

export function ArchiveButton({ assessmentId, archived }: { assessmentId: string; archived: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await setArchivedAction({ assessmentId, archived: !archived });
            if (!result.ok) setError(result.error);
            router.refresh();
          })
        }
      >
        {archived ? 'Restore assessment' : 'Archive assessment'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
