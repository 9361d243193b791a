'use client';

import { useActionRunner } from '@/app/_components/use-action-runner';
import { setArchivedAction } from '../actions';

export function ArchiveButton({ assessmentId, archived }: { assessmentId: string; archived: boolean }) {
  const { pending, error, run } = useActionRunner();
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() => run(() => setArchivedAction({ assessmentId, archived: !archived }))}
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
