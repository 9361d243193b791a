'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { teamRoles } from '@/db/schema';
import { addMemberAction } from './actions';
import { AddMemberSchema, roleDescriptions, type AddMemberInput } from './schemas';

export function AddMemberForm({ teamId }: { teamId: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<AddMemberInput>({
    resolver: zodResolver(AddMemberSchema),
    defaultValues: { teamId, email: '', role: 'member' },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setAdded(null);
    const result = await addMemberAction(values);
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    setAdded(`${result.data.name} was added to the team.`);
    reset({ teamId, email: '', role: 'member' });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a person to the team" className="card">
      <h2>Add a person</h2>
      <FormAlert error={formError} success={added} />
      <input type="hidden" {...register('teamId')} />
      <div className="inline-form">
        <Field id="member-email" label="Their email" error={errors.email?.message}>
          <input id="member-email" type="email" autoComplete="off" aria-invalid={!!errors.email} aria-describedby={describedBy('member-email', { error: errors.email })} {...register('email')} />
        </Field>
        <Field id="member-role" label="Role" error={errors.role?.message}>
          <select id="member-role" aria-invalid={!!errors.role} {...register('role')}>
            {teamRoles.map((r) => (
              <option key={r} value={r}>
                {roleDescriptions[r]}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Adding…' : 'Add to team'}
        </button>
      </div>
    </form>
  );
}
