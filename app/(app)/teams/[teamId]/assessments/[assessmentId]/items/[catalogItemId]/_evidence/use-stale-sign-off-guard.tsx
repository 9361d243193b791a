'use client';

import { useRef, useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import type { ConfirmChange } from './types';

/**
 * New evidence changes what a reviewer signed, so on a signed-off item every addition asks first.
 * `confirmed()` resolves at once when nothing is signed; otherwise when the person answers the dialog.
 */
export function useStaleSignOffGuard(signedOffBy: string | null): { confirmed: ConfirmChange; dialog: React.ReactNode } {
  // The answer's receiver is kept outside state: it is an event handler's work, never rendered.
  const answer = useRef<((yes: boolean) => void) | null>(null);
  const [asking, setAsking] = useState(false);

  function confirmed(): Promise<boolean> {
    if (signedOffBy === null) return Promise.resolve(true);
    answer.current?.(false);
    return new Promise((resolve) => {
      answer.current = resolve;
      setAsking(true);
    });
  }

  function reply(yes: boolean) {
    const resolve = answer.current;
    answer.current = null;
    setAsking(false);
    resolve?.(yes);
  }

  const dialog = (
    <ConfirmDialog
      open={asking}
      title="Add evidence to a signed-off item?"
      consequence={`${signedOffBy ?? 'A reviewer'} signed this item off as it is now. New evidence changes what was signed, so the sign-off becomes stale and the item needs a new review.`}
      confirmLabel="Add it; the sign-off goes stale"
      onCancel={() => reply(false)}
      onConfirm={() => reply(true)}
    />
  );
  return { confirmed, dialog };
}
