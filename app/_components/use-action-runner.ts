'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

type Result<T> = { ok: true; data: T } | { ok: false; error: string };

/** Runs a server action from a button: pending state, its error message, and a refresh of the page on success. */
export function useActionRunner() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  function run<T>(action: () => Promise<Result<T>>, onOk?: (data: T) => void) {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error);
      else onOk?.(result.data);
      router.refresh();
    });
  }
  return { pending, error, run };
}
