import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

/** Puts the server's per-field messages on the form's fields, so server-only checks read like client ones. */
export function applyFieldErrors<T extends FieldValues>(setError: UseFormSetError<T>, fieldErrors: Record<string, string> | undefined) {
  for (const [name, message] of Object.entries(fieldErrors ?? {})) {
    if (name !== '_form') setError(name as Path<T>, { type: 'server', message });
  }
}
