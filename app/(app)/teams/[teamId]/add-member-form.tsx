'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { OneTimeLink } from '@/app/_components/one-time-link';
import { addMemberAction, type AddMemberOutcome } from './actions';
import { CreateMemberOffer, type CreatedMember } from './create-member-offer';
import { AddMemberSchema, type AddMemberInput } from './schemas';
import { RoleOptions } from '@/app/_components/role-options';

type UnknownEmail = Extract<AddMemberOutcome, { kind: 'unknown-email' }>;

export function AddMemberForm({ teamId }: { teamId: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [unknown, setUnknown] = useState<UnknownEmail | null>(null);
  const [created, setCreated] = useState<CreatedMember | null>(null);
  const { register, handleSubmit, setError, reset, control, formState } = useForm<AddMemberInput>({
    resolver: zodResolver(AddMemberSchema),
    defaultValues: { teamId, email: '', role: 'member' },
  });
  const { errors, isSubmitting } = formState;
  const [email, role] = useWatch({ control, name: ['email', 'role'] });
  // The offer is for the email and role it was made for; editing either withdraws it until the next try.
  const offer = unknown && unknown.email === email.trim() && unknown.role === role ? unknown : null;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setAdded(null);
    setUnknown(null);
    setCreated(null);
    const result = await addMemberAction(values);
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    if (result.data.kind === 'unknown-email') {
      setUnknown(result.data);
      setError('email', { type: 'server', message: result.data.message });
      return;
    }
    setAdded(`${result.data.name} was added to the team.`);
    reset({ teamId, email: '', role: 'member' });
    router.refresh();
  });

  return (
    <section aria-labelledby="add-member-heading" className="card">
      <h2 id="add-member-heading">Add a person</h2>
      <form onSubmit={onSubmit} noValidate aria-label="Add a person to the team">
        <FormAlert error={formError} success={added} />
        {created && <OneTimeLink label={`Account created for ${created.name} (${created.email}) and added as ${created.role}. Their set-password link:`} link={created.link} />}
        <input type="hidden" {...register('teamId')} />
        <div className="inline-form">
          <Field id="member-email" label="Their email" error={errors.email?.message}>
            <input id="member-email" type="email" autoComplete="off" aria-invalid={!!errors.email} aria-describedby={describedBy('member-email', { error: errors.email })} {...register('email')} />
          </Field>
          <Field id="member-role" label="Role" error={errors.role?.message}>
            <select id="member-role" aria-invalid={!!errors.role} {...register('role')}>
              <RoleOptions />
            </select>
          </Field>
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Adding…' : 'Add to team'}
          </button>
        </div>
      </form>
      {offer &&
        (offer.mayCreateUser ? (
          <CreateMemberOffer
            key={`${offer.email} ${offer.role}`}
            teamId={teamId}
            email={offer.email}
            role={offer.role}
            onCreated={(member) => {
              setUnknown(null);
              setCreated(member);
              reset({ teamId, email: '', role: 'member' });
              router.refresh();
            }}
          />
        ) : (
          <p className="alert info" role="status">
            Only an admin can create accounts. Ask an admin to create one for {offer.email}, then add them here.
          </p>
        ))}
    </section>
  );
}
