'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { upgradeCatalogAction } from '../item-actions';

export function UpgradeButton({ assessmentId, to, back }: { assessmentId: string; to: string; back: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error && <div className="alert error" role="alert">{error}</div>}
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await upgradeCatalogAction({ assessmentId });
            if (!result.ok) return setError(result.error);
            router.push(back);
          })
        }
      >
        Upgrade to catalog {to}
      </button>
    </>
  );
}
