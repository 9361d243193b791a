'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { apiTokenScopes } from '@/lib/domain/enums';
import { scopeDescriptions, TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX, TOKEN_NAME_MAX, TokenFormSchema, type TokenFields, type TokenFieldsInput } from '@/lib/validation/api-token';
import { NewToken } from './new-token';
import type { CreatedToken } from './token-types';

type CreateResult = { ok: true; data: CreatedToken } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * Makes a token of one kind: the page passes its server action (and the team, for a team token). The token comes
 * back once, is shown in a read-only field to copy, and lives only in this component's state: a reload forgets it.
 */
export function TokenForm({ action, teamId, label, defaultScopes }: { action: (input: unknown) => Promise<CreateResult>; teamId?: string; label: string; defaultScopes: TokenFields['scopes'] }) {
  const router = useRouter();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const empty: TokenFieldsInput = { name: '', scopes: defaultScopes, days: String(TOKEN_DAYS_DEFAULT) };
  const form = useForm<TokenFieldsInput>({ resolver: zodResolver(TokenFormSchema), defaultValues: empty });
  const { register, reset } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(
    form,
    () => {
      setCreated(null);
      // The form's own text, not the parsed values (days already a number): the server parses the same schema again.
      return action({ ...form.getValues(), ...(teamId ? { teamId } : {}) });
    },
    (data) => {
      reset(empty);
      setCreated(data);
      router.refresh();
    },
  );

  return (
    <>
      {created && <NewToken created={created} onDone={() => setCreated(null)} />}
      <form onSubmit={onSubmit} noValidate aria-label={label}>
        <FormAlert error={formError} />
        <Field id="token-name" label="Name" hint="What uses it, so you know what breaks when you revoke it, e.g. “CI release gate”." error={errors.name?.message}>
          <input id="token-name" type="text" autoComplete="off" maxLength={TOKEN_NAME_MAX + 20} aria-invalid={!!errors.name} aria-describedby={describedBy('token-name', { hint: true, error: errors.name })} {...register('name')} />
        </Field>
        <fieldset className="field" aria-describedby={errors.scopes ? 'token-scopes-error' : undefined} aria-invalid={!!errors.scopes}>
          <legend>Scopes</legend>
          {apiTokenScopes.map((s) => (
            <label key={s} className="checkbox">
              <input type="checkbox" value={s} {...register('scopes')} /> {scopeDescriptions[s]}
            </label>
          ))}
          {errors.scopes && (
            <span id="token-scopes-error" className="field-error" role="alert">
              {errors.scopes.message ?? errors.scopes.root?.message}
            </span>
          )}
        </fieldset>
        <Field id="token-days" label="Expires after (days)" hint={`1 to ${TOKEN_DAYS_MAX}; ${TOKEN_DAYS_DEFAULT} unless you change it.`} error={errors.days?.message}>
          <input id="token-days" type="number" inputMode="numeric" min={1} max={TOKEN_DAYS_MAX} step={1} aria-invalid={!!errors.days} aria-describedby={describedBy('token-days', { hint: true, error: errors.days })} {...register('days')} />
        </Field>
        <button type="submit" disabled={pending}>
          {pending ? 'Making…' : 'Make token'}
        </button>
      </form>
    </>
  );
}
