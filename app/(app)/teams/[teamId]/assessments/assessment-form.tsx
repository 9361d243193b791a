'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { appKinds } from '@/lib/domain/enums';
import { createAssessmentAction, previewAssessmentChangeAction, updateAssessmentAction } from './actions';
import { ProfileChangePreview, type ProfileChangePreviewData } from './profile-change-preview';
import { appKindLabels, assessmentFormSchema, type AssessmentFormInput } from './schemas';

type Question = { id: string; question: string; help?: string };

export function AssessmentForm({ teamId, assessmentId, questions, defaults }: { teamId: string; assessmentId?: string; questions: Question[]; defaults?: AssessmentFormInput }) {
  const router = useRouter();
  const schema = useMemo(() => assessmentFormSchema(questions.map((q) => q.id)), [questions]);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<{ values: AssessmentFormInput; preview: ProfileChangePreviewData } | null>(null);
  const [saving, setSaving] = useState(false);
  const { register, handleSubmit, setError, formState } = useForm<AssessmentFormInput>({
    resolver: zodResolver(schema),
    defaultValues: defaults ?? { teamId, appName: '', appKind: undefined, baseUrl: '', targetLaunchDate: '', profile: {} },
  });
  const { errors, isSubmitting } = formState;

  async function preview(values: AssessmentFormInput, id: string) {
    const result = await previewAssessmentChangeAction({ ...values, assessmentId: id });
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return null;
    }
    return result.data;
  }

  /** Saves settings whose outcome the person has seen: the fingerprint makes the server refuse an outdated one. */
  async function save(values: AssessmentFormInput, id: string, fingerprint: string) {
    const result = await updateAssessmentAction({ ...values, assessmentId: id, fingerprint });
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      // Refused without a field to blame: most likely the preview went out of date, so show what saving does now.
      const fresh = result.fieldErrors ? null : await previewAssessmentChangeAction({ ...values, assessmentId: id });
      if (fresh?.ok && fresh.data.changesApplicability) setPending({ values, preview: fresh.data });
      return;
    }
    const { included, excluded, restored } = result.data;
    setNotice(`Saved. ${included} item${included === 1 ? '' : 's'} now apply, ${excluded} no longer apply.${restored ? ` ${restored} sign-off${restored === 1 ? '' : 's'} restored.` : ''}`);
    router.refresh();
  }

  async function confirmPending() {
    if (!pending || !assessmentId) return;
    const { values, preview: shown } = pending;
    setPending(null);
    setFormError(null);
    setSaving(true);
    try {
      await save(values, assessmentId, shown.fingerprint);
    } finally {
      setSaving(false);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setNotice(null);
    if (assessmentId) {
      const outcome = await preview(values, assessmentId);
      if (!outcome) return;
      // Only a change to which items apply needs confirming; app details save at once.
      if (outcome.changesApplicability) setPending({ values, preview: outcome });
      else await save(values, assessmentId, outcome.fingerprint);
      return;
    }
    const result = await createAssessmentAction(values);
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    router.push(`/teams/${result.data.teamId}/assessments/${result.data.id}`);
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={assessmentId ? 'Assessment settings' : 'New assessment'}>
      <FormAlert error={formError} success={notice} />
      <input type="hidden" {...register('teamId')} />
      <div className="card">
        <h2>The app</h2>
        <Field id="appName" label="App name" error={errors.appName?.message}>
          <input id="appName" type="text" autoComplete="off" aria-invalid={!!errors.appName} aria-describedby={describedBy('appName', { error: errors.appName })} {...register('appName')} />
        </Field>
        <fieldset className="field" aria-describedby={errors.appKind ? 'appKind-error' : undefined}>
          <legend>Kind of app</legend>
          {appKinds.map((k) => (
            <label key={k} className="radio">
              <input type="radio" value={k} {...register('appKind')} /> {appKindLabels[k]}
            </label>
          ))}
          {errors.appKind && (
            <span id="appKind-error" className="field-error" role="alert">
              {errors.appKind.message}
            </span>
          )}
        </fieldset>
        <Field id="baseUrl" label="Base URL" hint="https://…; plain http only for localhost." error={errors.baseUrl?.message}>
          <input id="baseUrl" type="url" inputMode="url" autoComplete="off" aria-invalid={!!errors.baseUrl} aria-describedby={describedBy('baseUrl', { hint: true, error: errors.baseUrl })} {...register('baseUrl')} />
        </Field>
        <Field id="targetLaunchDate" label="Target launch date" error={errors.targetLaunchDate?.message}>
          <input id="targetLaunchDate" type="date" aria-invalid={!!errors.targetLaunchDate} aria-describedby={describedBy('targetLaunchDate', { error: errors.targetLaunchDate })} {...register('targetLaunchDate')} />
        </Field>
      </div>
      <div className="card">
        <h2>Profile</h2>
        <p className="muted">Your answers decide which checklist items apply. Items that do not apply are marked not applicable, with the reason.</p>
        {questions.map((q) => {
          const error = errors.profile?.[q.id]?.message;
          return (
            <fieldset key={q.id} className="field question" aria-describedby={[q.help ? `q-${q.id}-help` : '', error ? `q-${q.id}-error` : ''].filter(Boolean).join(' ') || undefined}>
              <legend>{q.question}</legend>
              {q.help && (
                <span id={`q-${q.id}-help`} className="hint">
                  {q.help}
                </span>
              )}
              <div className="radio-row">
                <label className="radio">
                  <input type="radio" value="yes" {...register(`profile.${q.id}`)} /> Yes
                </label>
                <label className="radio">
                  <input type="radio" value="no" {...register(`profile.${q.id}`)} /> No
                </label>
              </div>
              {error && (
                <span id={`q-${q.id}-error`} className="field-error" role="alert">
                  {error}
                </span>
              )}
            </fieldset>
          );
        })}
      </div>
      <button type="submit" disabled={isSubmitting || saving}>
        {isSubmitting || saving ? 'Saving…' : assessmentId ? 'Save settings' : 'Create assessment'}
      </button>
      {assessmentId && (
        <ConfirmDialog
          open={pending !== null}
          title="Apply these profile changes?"
          consequence={pending ? <ProfileChangePreview preview={pending.preview} /> : ''}
          confirmLabel="Apply changes"
          onConfirm={() => void confirmPending()}
          onCancel={() => {
            setPending(null);
            setNotice('Nothing was saved. Your answers are still in the form.');
          }}
        />
      )}
    </form>
  );
}
