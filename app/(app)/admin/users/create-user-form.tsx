'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { OneTimeLink } from '@/app/_components/one-time-link';
import { createUserAction } from './actions';
import { CreateUserSchema, type CreateUserInput } from './schemas';
import { RoleOptions } from '@/app/_components/role-options';

const EMPTY: CreateUserInput = { name: '', email: '', isAdmin: false, teamId: '', role: 'member' };

export function CreateUserForm({ teams }: { teams: { id: string; name: string }[] }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; email: string; link: string; joined: string | null } | null>(null);
  // An admin account is confirmed first, as when an existing user is made an admin.
  const [confirmAdmin, setConfirmAdmin] = useState<CreateUserInput | null>(null);
  const { register, handleSubmit, setError, reset, control, formState } = useForm<CreateUserInput>({
    resolver: zodResolver(CreateUserSchema),
    defaultValues: EMPTY,
  });
  const [creating, setCreating] = useState(false);
  const { errors } = formState;
  const busy = formState.isSubmitting || creating;
  const teamChosen = Boolean(useWatch({ control, name: 'teamId' }));

  const onSubmit = handleSubmit(async (values) => {
    if (values.isAdmin) {
      setConfirmAdmin(values);
      return;
    }
    await create(values);
  });

  async function create(values: CreateUserInput) {
    setConfirmAdmin(null);
    setFormError(null);
    setCreated(null);
    setCreating(true);
    const result = await createUserAction(values).finally(() => setCreating(false));
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    const team = teams.find((t) => t.id === values.teamId);
    setCreated({ ...result.data, joined: team ? `${team.name} as ${values.role}` : null });
    reset(EMPTY);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create a user" className="card">
      <h2>Create a user</h2>
      <FormAlert error={formError} />
      {created && (
        <OneTimeLink
          label={`Account created for ${created.name} (${created.email})${created.joined ? `, added to ${created.joined}` : ''}. Their set-password link:`}
          link={created.link}
        />
      )}
      <div className="inline-form">
        <Field id="new-user-name" label="Name" error={errors.name?.message}>
          <input id="new-user-name" type="text" autoComplete="off" aria-invalid={!!errors.name} aria-describedby={describedBy('new-user-name', { error: errors.name })} {...register('name')} />
        </Field>
        <Field id="new-user-email" label="Email" error={errors.email?.message}>
          <input id="new-user-email" type="email" autoComplete="off" aria-invalid={!!errors.email} aria-describedby={describedBy('new-user-email', { error: errors.email })} {...register('email')} />
        </Field>
      </div>
      <div className="inline-form">
        <Field id="new-user-team" label="Add to team (optional)" error={errors.teamId?.message}>
          <select id="new-user-team" aria-invalid={!!errors.teamId} aria-describedby={describedBy('new-user-team', { error: errors.teamId })} {...register('teamId')}>
            <option value="">No team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="new-user-role" label="Role in that team" error={errors.role?.message}>
          <select id="new-user-role" disabled={!teamChosen} aria-invalid={!!errors.role} aria-describedby={describedBy('new-user-role', { error: errors.role })} {...register('role')}>
            <RoleOptions />
          </select>
        </Field>
      </div>
      <div className="checkbox">
        <input id="new-user-admin" type="checkbox" {...register('isAdmin')} />
        <label htmlFor="new-user-admin">Instance admin (manages users, teams and settings)</label>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create user'}
      </button>
      <ConfirmDialog
        open={confirmAdmin !== null}
        title={`Create ${confirmAdmin?.name || 'this user'} as an instance admin?`}
        consequence="They get full access to every team’s evidence and the admin pages: users, teams, the audit log and security alerts."
        confirmLabel="Create admin account"
        onCancel={() => setConfirmAdmin(null)}
        onConfirm={() => void create(confirmAdmin!)}
      />
    </form>
  );
}
