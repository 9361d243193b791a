'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useLeaveWarning } from '@/app/_components/use-leave-warning';
import { Markdown } from '@/app/_components/markdown';
import { itemStatuses } from '@/lib/domain/enums';
import type { ItemValues } from '@/db/queries/items';
import { ItemUpdateSchema, NOTES_MAX, type ItemUpdateInput } from '@/lib/checklist/item-schema';
import { statusLabels } from '@/lib/checklist/statuses';
import { saveItemAction } from '../../item-actions';
import { LocalTime } from '@/app/_components/local-time';

type Person = { id: string; name: string; role: string };
type Criterion = { id: string; text: string };
type Conflict = { current: ItemValues; version: number; updatedBy: string | null; updatedAt: string | null };

const fieldNames: Record<keyof ItemValues, string> = {
  status: 'Status',
  justification: 'Justification',
  gapResponse: 'Gap response',
  gapText: 'Plan or risk acceptance',
  gapDueDate: 'Gap closed by / accepted until',
  riskAcceptedById: 'Risk accepted by',
  ownerId: 'Owner',
  dueDate: 'Due date',
  notes: 'Notes',
  criteriaMet: 'Acceptance criteria',
};

function sameFields(a: ItemValues, b: ItemValues): boolean {
  return (Object.keys(fieldNames) as (keyof ItemValues)[]).every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

export function ItemForm(props: {
  assessmentId: string;
  catalogItemId: string;
  version: number;
  values: ItemValues;
  people: Person[];
  riskAcceptors: Person[];
  criteria: Criterion[];
  // Current evidence on the item: "met" with none needs a reason.
  evidenceCount: number;
}) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ base: ItemValues; theirs: Conflict; bothChanged: (keyof ItemValues)[] } | null>(null);
  const [base, setBase] = useState<ItemValues>(props.values);
  const [preview, setPreview] = useState(false);
  const form = useForm<ItemUpdateInput>({
    resolver: zodResolver(ItemUpdateSchema),
    defaultValues: { assessmentId: props.assessmentId, catalogItemId: props.catalogItemId, version: props.version, ...props.values },
  });
  const { register, handleSubmit, setError, reset, getValues, setValue, formState, control } = form;
  const { errors, isSubmitting, isDirty } = formState;
  const status = useWatch({ control, name: 'status' });
  const gapResponse = useWatch({ control, name: 'gapResponse' });
  const notes = useWatch({ control, name: 'notes' }) ?? '';
  const ownerId = useWatch({ control, name: 'ownerId' });
  const hasGap = status === 'partially_met' || status === 'not_met';
  const isPlan = hasGap && gapResponse === 'plan';
  const ownerIsReviewer = props.people.find((p) => p.id === ownerId)?.role === 'reviewer';

  // Leaving with unsaved changes asks first.
  useLeaveWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSaved(null);
    let result = await saveItemAction(values);
    // A newer version whose form fields are exactly what this form started from is no conflict (something outside
    // the form moved the version): save again on top of it instead of showing an empty "their version".
    if (result.ok && !result.data.saved && sameFields(result.data.conflict.current, base)) {
      setValue('version', result.data.conflict.version);
      result = await saveItemAction({ ...values, version: result.data.conflict.version });
    }
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    if (!result.data.saved) {
      // Three-way merge: fields this person left alone take the other person's values; fields both changed
      // keep this person's input and show the other version beside it. The next save builds on their version.
      const theirs = result.data.conflict;
      const mine = getValues();
      const bothChanged: (keyof ItemValues)[] = [];
      for (const f of Object.keys(fieldNames) as (keyof ItemValues)[]) {
        if (JSON.stringify(mine[f]) === JSON.stringify(base[f])) setValue(f, theirs.current[f] as never, { shouldDirty: true });
        else if (JSON.stringify(theirs.current[f]) !== JSON.stringify(base[f])) bothChanged.push(f);
      }
      setConflict({ base, theirs, bothChanged });
      setBase(theirs.current);
      setValue('version', theirs.version, { shouldDirty: true });
      return;
    }
    const { version, changed } = result.data;
    setConflict(null);
    const now: ItemValues = { ...values, criteriaMet: [...values.criteriaMet].sort() } as ItemValues;
    setBase(now);
    reset({ ...getValues(), version });
    setSaved(changed.length ? `Saved: ${changed.join(', ')}.` : 'Nothing changed.');
    router.refresh();
  });

  const theirChanges = conflict ? (Object.keys(fieldNames) as (keyof ItemValues)[]).filter((f) => JSON.stringify(conflict.base[f]) !== JSON.stringify(conflict.theirs.current[f])) : [];
  const show = (f: keyof ItemValues, v: ItemValues) => {
    if (f === 'status') return statusLabels[v.status];
    if (f === 'ownerId') return props.people.find((p) => p.id === v.ownerId)?.name ?? (v.ownerId ? 'someone else' : 'nobody');
    if (f === 'riskAcceptedById') return props.riskAcceptors.find((p) => p.id === v.riskAcceptedById)?.name ?? (v.riskAcceptedById ? 'someone else' : 'nobody');
    if (f === 'criteriaMet') return v.criteriaMet.length ? v.criteriaMet.map((id) => props.criteria.find((c) => c.id === id)?.text ?? id).join('; ') : 'none ticked';
    return String(v[f] || '—');
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Edit item" className="card">
      {conflict && (
        <div className="conflict" role="alert">
          <h3>
            {conflict.theirs.updatedBy ?? 'Someone'} saved this item while you were editing
            {conflict.theirs.updatedAt && (
              <>
                {' '}
                (<LocalTime value={conflict.theirs.updatedAt} />)
              </>
            )}
            .
          </h3>
          <p>Nothing was overwritten. Their changes are merged into the form where you had not changed the same field; where you both did, your input is kept. Their version:</p>
          <dl>
            {theirChanges.map((f) => (
              <div key={f}>
                <dt>{fieldNames[f]}</dt>
                <dd>
                  {show(f, conflict.theirs.current)}
                  {conflict.bothChanged.includes(f) && <em> (you changed this too: your input is kept in the form)</em>}
                </dd>
              </div>
            ))}
          </dl>
          <p>Check the merged form, then save again.</p>
        </div>
      )}
      <FormAlert error={formError} success={saved} />
      <input type="hidden" {...register('version', { valueAsNumber: true })} />

      <Field id="status" label="Status" error={errors.status?.message}>
        <select id="status" aria-invalid={!!errors.status} {...register('status')}>
          {itemStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
      </Field>

      {(status === 'not_applicable' || (status === 'met' && props.evidenceCount === 0)) && (
        <Field
          id="justification"
          label={status === 'met' ? 'Why it is met without evidence' : 'Why it does not apply'}
          hint={status === 'met' ? 'No evidence is attached. Say how a reviewer can check the claim, or attach evidence below.' : undefined}
          error={errors.justification?.message}
        >
          <textarea
            id="justification"
            rows={3}
            aria-invalid={!!errors.justification}
            aria-describedby={describedBy('justification', { hint: status === 'met', error: errors.justification })}
            {...register('justification')}
          />
        </Field>
      )}

      {hasGap && (
        <>
          <fieldset className="field" aria-describedby={errors.gapResponse ? 'gapResponse-error' : undefined}>
            <legend>How the gap is handled</legend>
            <label className="radio">
              <input type="radio" value="plan" {...register('gapResponse')} /> Plan to close it
            </label>
            <label className="radio">
              <input type="radio" value="risk_acceptance" {...register('gapResponse')} /> Risk accepted
            </label>
            {errors.gapResponse && (
              <span id="gapResponse-error" className="field-error" role="alert">
                {errors.gapResponse.message}
              </span>
            )}
          </fieldset>
          <Field id="gapText" label={gapResponse === 'risk_acceptance' ? 'Which risk is accepted, and why' : 'What is missing and how it will be closed'} error={errors.gapText?.message}>
            <textarea id="gapText" rows={3} aria-invalid={!!errors.gapText} aria-describedby={describedBy('gapText', { error: errors.gapText })} {...register('gapText')} />
          </Field>
          {gapResponse === 'risk_acceptance' && (
            <Field id="riskAcceptedById" label="Accepted by" hint="Someone on this team or an admin. They cannot also sign the item off." error={errors.riskAcceptedById?.message}>
              <select id="riskAcceptedById" aria-invalid={!!errors.riskAcceptedById} aria-describedby={describedBy('riskAcceptedById', { hint: true, error: errors.riskAcceptedById })} {...register('riskAcceptedById')}>
                <option value="">Choose a person</option>
                {props.riskAcceptors.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.role})
                  </option>
                ))}
              </select>
            </Field>
          )}
          {(gapResponse === 'plan' || gapResponse === 'risk_acceptance') && (
            <Field
              id="gapDueDate"
              label={gapResponse === 'plan' ? 'Gap closed by (the item’s due date)' : 'Accepted until'}
              hint={gapResponse === 'risk_acceptance' ? 'After this day the item is not met again until the risk is accepted anew or fixed.' : undefined}
              error={errors.gapDueDate?.message}
            >
              <input
                id="gapDueDate"
                type="date"
                aria-invalid={!!errors.gapDueDate}
                aria-describedby={describedBy('gapDueDate', { hint: gapResponse === 'risk_acceptance', error: errors.gapDueDate })}
                {...register('gapDueDate')}
              />
            </Field>
          )}
        </>
      )}

      <div className="inline-form">
        <Field
          id="ownerId"
          label="Owner"
          hint={ownerIsReviewer ? 'This person is a reviewer: as the owner they can no longer sign this item off.' : undefined}
          error={errors.ownerId?.message}
        >
          <select id="ownerId" aria-invalid={!!errors.ownerId} aria-describedby={describedBy('ownerId', { hint: ownerIsReviewer, error: errors.ownerId })} {...register('ownerId')}>
            <option value="">Nobody yet</option>
            {props.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.role === 'reviewer' ? `${p.name} (reviewer: could not sign it off)` : p.name}
              </option>
            ))}
          </select>
        </Field>
        {!isPlan && (
          <Field id="dueDate" label="Due date" error={errors.dueDate?.message}>
            <input id="dueDate" type="date" aria-invalid={!!errors.dueDate} aria-describedby={describedBy('dueDate', { error: errors.dueDate })} {...register('dueDate')} />
          </Field>
        )}
      </div>

      <fieldset className="field">
        <legend>Acceptance criteria</legend>
        {props.criteria.map((c) => (
          <div className="checkbox" key={c.id}>
            <input id={`criterion-${c.id}`} type="checkbox" value={c.id} {...register('criteriaMet')} />
            <label htmlFor={`criterion-${c.id}`}>{c.text}</label>
          </div>
        ))}
      </fieldset>

      <Field id="notes" label="Notes (Markdown)" hint={`${notes.length.toLocaleString('en')} of ${NOTES_MAX.toLocaleString('en')} characters`} error={errors.notes?.message}>
        {preview ? (
          <div className="card" aria-live="polite">
            <Markdown source={notes || '*Nothing yet.*'} />
          </div>
        ) : (
          <textarea id="notes" rows={8} aria-invalid={!!errors.notes} aria-describedby={describedBy('notes', { hint: true, error: errors.notes })} {...register('notes')} />
        )}
      </Field>
      <div className="row-actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : conflict ? 'Save my version' : 'Save item'}
        </button>
        <button type="button" className="secondary" onClick={() => setPreview((p) => !p)} aria-pressed={preview}>
          {preview ? 'Edit notes' : 'Preview notes'}
        </button>
        {isDirty && <span className="muted">Unsaved changes</span>}
      </div>
    </form>
  );
}
