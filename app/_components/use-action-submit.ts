'use client';

import { useState, useTransition } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { applyFieldErrors } from './apply-field-errors';

type Result<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The one submit pattern for forms that call a server action: the form validates on the client, the action
 * validates again on the server, and its answer lands where the person looks — field messages beside the fields,
 * anything else in the form's alert. `pending` is true from the click until the action answered.
 */
export function useActionSubmit<V extends FieldValues, T>(form: UseFormReturn<V>, action: (values: V) => Promise<Result<T> | null>, onOk: (data: T, values: V) => void | Promise<void>) {
  const [formError, setFormError] = useState<string | null>(null);
  // What follows success (usually a navigation) runs as a transition, so the button stays busy until it lands
  // and a second click cannot submit twice.
  const [following, startTransition] = useTransition();
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await action(values);
    // null: nothing was sent (the person cancelled a confirmation), so there is nothing to report.
    if (!result) return;
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(form.setError, result.fieldErrors);
      return;
    }
    startTransition(() => onOk(result.data, values));
  });
  return { onSubmit, pending: form.formState.isSubmitting || following, formError, setFormError };
}
