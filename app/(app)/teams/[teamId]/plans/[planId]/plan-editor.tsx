'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import { useFieldArray, useForm, useWatch, type Control, type FieldPath, type UseFormRegister } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useLeaveWarning } from '@/app/_components/use-leave-warning';
import { completeness, keepValidContent, type PlanContent } from '@/lib/plans/content';
import type { PlanTemplate, ScalarTemplateField, TemplateField } from '@/lib/plans/template-schema';
import { publishPlanAction, saveDraftAction } from '../actions';
import { SaveDraftSchema } from '../schemas';
import { formPathOf, fromFormContent, toFormContent, type PlanFormValues } from './plan-form-model';
import { ConfirmButton } from '@/app/_components/confirm-dialog';
import { LocalTime } from '@/app/_components/local-time';

const AUTOSAVE_DELAY_MS = 2500;

type Conflict = { version: number; updatedBy: string | null; updatedAt: string | null; title: string; nextReviewDate: string; lastExercisedDate: string; content: PlanContent };
type Invalid = { count: number; firstId: string };
type SaveState = { kind: 'idle' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'partial'; at: string; invalid: Invalid } | { kind: 'invalid'; invalid: Invalid } | { kind: 'failed'; message: string };

export type PlanEditorProps = {
  planId: string;
  version: number;
  title: string;
  nextReviewDate: string;
  lastExercisedDate: string;
  content: PlanContent;
  template: PlanTemplate;
};

/** The guided form: sections with completeness, autosave with conflict protection, and publishing. */
export function PlanEditor(props: PlanEditorProps) {
  const { template, planId } = props;
  const router = useRouter();
  const [publishing, startPublish] = useTransition();
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const version = useRef(props.version);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saving = useRef<Promise<boolean> | null>(null);
  const form = useForm<PlanFormValues>({
    defaultValues: { title: props.title, nextReviewDate: props.nextReviewDate, lastExercisedDate: props.lastExercisedDate, content: toFormContent(template, props.content) },
  });
  const values = useWatch({ control: form.control }) as PlanFormValues;
  // A bad value counts as not filled in: the meter must not show green for a field that cannot be saved.
  const sections = completeness(template, keepValidContent(template, fromFormContent(template, values.content ?? {})).content);

  /**
   * Checks locally with the same schemas the server uses, marks every bad field, and returns what can be saved:
   * the draft with only the bad values left out (they stay on screen), so one typo never holds back the rest.
   */
  const prepare = useCallback((): { input: Parameters<typeof saveDraftAction>[0] | null; invalid: Invalid | null } => {
    form.clearErrors();
    const v = form.getValues();
    const kept = keepValidContent(template, fromFormContent(template, v.content));
    const frame = SaveDraftSchema.safeParse({ planId, version: version.current, title: v.title, nextReviewDate: v.nextReviewDate, lastExercisedDate: v.lastExercisedDate, content: kept.content });
    const paths: string[] = [];
    for (const issue of frame.success ? [] : frame.error.issues) {
      const path = issue.path.join('.');
      paths.push(path);
      form.setError(path as FieldPath<PlanFormValues>, { message: issue.message });
    }
    for (const bad of kept.invalid) {
      const path = formPathOf(template, `content.${bad.path}`);
      paths.push(path);
      form.setError(path as FieldPath<PlanFormValues>, { message: bad.message });
    }
    const invalid = paths.length ? { count: paths.length, firstId: paths[0]!.startsWith('content.') ? idOf(paths[0]!) : frameIds[paths[0]!] ?? 'plan-title-edit' } : null;
    // The frame (title, dates) is saved whole or not at all: without a valid title there is nothing to file it under.
    return { input: frame.success ? { ...frame.data, content: kept.content } : null, invalid };
  }, [form, planId, template]);

  const save = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (saving.current) await saving.current;
    const checked = prepare();
    if (!checked.input) {
      setSaveState({ kind: 'invalid', invalid: checked.invalid! });
      return false;
    }
    const input = checked.input;
    setSaveState({ kind: 'saving' });
    const run = (async () => {
      const result = await saveDraftAction(input);
      if (!result.ok) {
        for (const [path, message] of Object.entries(result.fieldErrors ?? {})) form.setError(formPathOf(template, path) as FieldPath<PlanFormValues>, { message });
        setSaveState({ kind: 'failed', message: result.error });
        return false;
      }
      if (!result.data.saved) {
        setConflict(result.data.conflict);
        setSaveState({ kind: 'failed', message: 'Not saved: someone else changed this draft.' });
        return false;
      }
      version.current = result.data.version;
      if (checked.invalid) {
        // Everything else is stored; the bad fields stay dirty and marked until fixed.
        setSaveState({ kind: 'partial', at: result.data.savedAt, invalid: checked.invalid });
        return false;
      }
      setSaveState({ kind: 'saved', at: result.data.savedAt });
      form.reset(form.getValues(), { keepValues: true });
      return true;
    })();
    saving.current = run;
    try {
      return await run;
    } finally {
      saving.current = null;
    }
  }, [form, template, prepare]);

  // Autosave a few seconds after the last change; never while a conflict waits for a decision.
  useEffect(() => {
    return form.subscribe({
      formState: { values: true },
      callback: ({ name, type }) => {
        // Typing reports 'change'; field-array edits report the array's name; a reset reports neither.
        if (conflict || (type !== 'change' && !name)) return;
        setSaveState({ kind: 'dirty' });
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
      },
    });
  }, [form, save, conflict]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // Leaving with anything unsaved asks first, as the item form does.
  const unsaved = saveState.kind === 'dirty' || saveState.kind === 'saving' || saveState.kind === 'partial' || saveState.kind === 'invalid' || saveState.kind === 'failed';
  useLeaveWarning(unsaved);

  function loadTheirs() {
    if (!conflict) return;
    version.current = conflict.version;
    form.reset({ title: conflict.title, nextReviewDate: conflict.nextReviewDate, lastExercisedDate: conflict.lastExercisedDate, content: toFormContent(template, conflict.content) });
    setConflict(null);
    setSaveState({ kind: 'idle' });
  }

  function keepMine() {
    if (!conflict) return;
    version.current = conflict.version;
    setConflict(null);
    void save();
  }

  function publish() {
    setPublishError(null);
    setPublished(null);
    startPublish(async () => {
      if (form.formState.isDirty || saveState.kind === 'dirty' || saveState.kind === 'invalid' || saveState.kind === 'failed') {
        if (!(await save())) {
          setPublishError('Save the draft before publishing: fix the highlighted fields or the conflict first.');
          return;
        }
      }
      const result = await publishPlanAction({ planId, version: version.current });
      if (!result.ok) {
        setPublishError(result.error);
        for (const [path, message] of Object.entries(result.fieldErrors ?? {})) form.setError(formPathOf(template, path) as FieldPath<PlanFormValues>, { message });
        return;
      }
      setPublished(`Published version ${result.data.number}.${result.data.superseded ? ` ${result.data.superseded} attached cop${result.data.superseded === 1 ? 'y' : 'ies'} of earlier versions now show as superseded.` : ''}`);
      router.refresh();
    });
  }

  const errors = form.formState.errors;
  return (
    <div className="plan-layout">
      <nav aria-label="Plan sections">
        <ol>
          {sections.map((s) => (
            <li key={s.sectionId}>
              <a href={`#section-${s.sectionId}`}>{s.title}</a>
              <div className="muted">
                {s.filled} of {s.required} required filled
              </div>
              <meter min={0} max={100} value={s.percent} aria-label={`${s.title} completeness`} />
            </li>
          ))}
        </ol>
      </nav>
      <form noValidate onSubmit={(e) => e.preventDefault()} aria-label="Plan draft">
        <p className="save-state" role="status">
          {saveState.kind === 'saving' && 'Saving…'}
          {saveState.kind === 'dirty' && 'Unsaved changes — saving shortly.'}
          {saveState.kind === 'saved' && (
            <>
              Draft saved at <LocalTime value={saveState.at} />.
            </>
          )}
          {saveState.kind === 'partial' && (
            <>
              Draft saved at <LocalTime value={saveState.at} />, except {fieldCount(saveState.invalid.count)} to fix.
            </>
          )}
          {saveState.kind === 'invalid' && `Not saved: ${fieldCount(saveState.invalid.count)} to fix.`}
          {saveState.kind === 'failed' && saveState.message}
        </p>
        {conflict && (
          <div className="alert error" role="alert">
            <p>
              {conflict.updatedBy ?? 'Someone'} saved this draft{conflict.updatedAt ? ` at ${conflict.updatedAt.slice(11, 19)} UTC` : ''} after you opened it. Your changes are not saved yet.
            </p>
            <div className="row-actions">
              <button type="button" onClick={loadTheirs}>
                Load their version
              </button>
              <button type="button" className="secondary" onClick={keepMine}>
                Keep mine and overwrite
              </button>
            </div>
          </div>
        )}
        <div className="card">
          <Field id="plan-title-edit" label="Plan title" error={errors.title?.message}>
            <input id="plan-title-edit" type="text" aria-invalid={errors.title ? true : undefined} aria-describedby={describedBy('plan-title-edit', { error: errors.title })} {...form.register('title')} />
          </Field>
          <div className="inline-form">
            <Field id="plan-next-review" label="Next review date" error={errors.nextReviewDate?.message}>
              <input id="plan-next-review" type="date" aria-invalid={errors.nextReviewDate ? true : undefined} {...form.register('nextReviewDate')} />
            </Field>
            <Field id="plan-last-exercised" label="Last exercised" error={errors.lastExercisedDate?.message}>
              <input id="plan-last-exercised" type="date" aria-invalid={errors.lastExercisedDate ? true : undefined} {...form.register('lastExercisedDate')} />
            </Field>
          </div>
        </div>
        {template.sections.map((section) => (
          <fieldset key={section.id} id={`section-${section.id}`} className="card">
            <legend>
              <h2>{section.title}</h2>
            </legend>
            {section.help && <p className="muted">{section.help}</p>}
            {section.fields.map((field) => (
              <TemplateFieldInput key={field.id} name={`content.${section.id}.${field.id}`} field={field} control={form.control} register={form.register} errors={errors} />
            ))}
          </fieldset>
        ))}
        <FormAlert error={publishError} success={published} />
        {(saveState.kind === 'partial' || saveState.kind === 'invalid') && (
          <p className="alert error" role="alert">
            {saveState.kind === 'partial' ? `Everything else is saved, but ${fieldCount(saveState.invalid.count)} still ${saveState.invalid.count === 1 ? 'needs' : 'need'} fixing. ` : `Not saved: ${fieldCount(saveState.invalid.count)} to fix. `}
            <a href={`#${saveState.invalid.firstId}`} onClick={(e) => jumpTo(e, saveState.invalid.firstId)}>
              Go to the first one
            </a>
          </p>
        )}
        <div className="row-actions">
          <button type="button" className="secondary" onClick={() => void save()} disabled={saveState.kind === 'saving'}>
            Save draft now
          </button>
          <ConfirmButton
            disabled={publishing}
            title="Publish this plan as a new version?"
            consequence="A published version is immutable: it cannot be edited or withdrawn. Checklist items that carry an earlier version of this plan show it as superseded, and their sign-offs go stale until a reviewer looks again."
            confirmLabel="Publish the new version"
            onConfirm={publish}
          >
            Publish as a new version
          </ConfirmButton>
        </div>
      </form>
    </div>
  );
}

const frameIds: Record<string, string> = { title: 'plan-title-edit', nextReviewDate: 'plan-next-review', lastExercisedDate: 'plan-last-exercised' };

function fieldCount(n: number): string {
  return n === 1 ? '1 field' : `${n} fields`;
}

/** Moves focus to the field, so keyboard and screen-reader users land where the fix is. */
function jumpTo(e: { preventDefault(): void }, id: string) {
  const target = document.getElementById(id);
  if (!target) return;
  e.preventDefault();
  target.scrollIntoView({ block: 'center' });
  target.focus();
}

type InputProps = { name: string; field: TemplateField; control: Control<PlanFormValues>; register: UseFormRegister<PlanFormValues>; errors: object };

function errorAt(errors: object, name: string): string | undefined {
  let node: unknown = errors;
  for (const part of name.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

const idOf = (name: string) => `f-${name.replace(/\./g, '-')}`;

function TemplateFieldInput(props: InputProps) {
  if (props.field.type === 'list') return <ListInput {...props} field={props.field} />;
  if (props.field.type === 'steps') return <StepsInput {...props} field={props.field} />;
  return <ScalarInput name={props.name} field={props.field} register={props.register} errors={props.errors} />;
}

function ScalarInput({ name, field, register, errors, label }: { name: string; field: ScalarTemplateField; register: UseFormRegister<PlanFormValues>; errors: object; label?: string }) {
  const id = idOf(name);
  const error = errorAt(errors, name);
  const hint = [field.help, field.example ? `Example: ${field.example}` : null, field.required ? null : 'Optional.'].filter(Boolean).join(' ');
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, { hint: !!hint, error }), ...register(name as FieldPath<PlanFormValues>) };
  return (
    <Field id={id} label={label ?? field.label} hint={hint || undefined} error={error}>
      {field.type === 'textarea' ? (
        <textarea rows={3} {...common} />
      ) : field.type === 'number' ? (
        <input type="number" min={field.min} max={field.max} step={field.integer ? 1 : 'any'} {...common} />
      ) : (
        <input type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : field.type === 'date' ? 'date' : 'text'} {...common} />
      )}
    </Field>
  );
}

function ListInput({ name, field, control, register, errors }: InputProps & { field: Extract<TemplateField, { type: 'list' }> }) {
  const { fields, append, remove } = useFieldArray({ control, name: name as never });
  const error = errorAt(errors, name);
  const noun = field.itemLabel.toLowerCase();
  return (
    <div className="field">
      <h3>{field.label}</h3>
      {field.help && <p className="hint">{field.help}</p>}
      {fields.map((row, index) => (
        <fieldset key={row.id} className="plan-row">
          <legend>
            {field.itemLabel} {index + 1}
          </legend>
          {field.fields.map((sub) => (
            <ScalarInput key={sub.id} name={`${name}.${index}.${sub.id}`} field={sub} register={register} errors={errors} />
          ))}
          <button type="button" className="link" onClick={() => remove(index)}>
            Remove {noun} {index + 1}
          </button>
        </fieldset>
      ))}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      <div>
        <button type="button" className="secondary" disabled={fields.length >= field.maxItems} onClick={() => append(Object.fromEntries(field.fields.map((f) => [f.id, ''])) as never)}>
          Add {noun}
        </button>{' '}
        <span className="muted">
          {fields.length} of at most {field.maxItems}
        </span>
      </div>
    </div>
  );
}

function StepsInput({ name, field, control, register, errors }: InputProps & { field: Extract<TemplateField, { type: 'steps' }> }) {
  const { fields, append, remove, move } = useFieldArray({ control, name: name as never });
  const error = errorAt(errors, name);
  return (
    <div className="field">
      <h3>{field.label}</h3>
      {field.help && <p className="hint">{field.help}</p>}
      <ol>
        {fields.map((row, index) => {
          const stepName = `${name}.${index}.value`;
          const id = idOf(stepName);
          const stepError = errorAt(errors, stepName);
          return (
            <li key={row.id}>
              <label htmlFor={id} className="sr-only">
                {field.label}: step {index + 1}
              </label>
              <input id={id} aria-invalid={stepError ? true : undefined} aria-describedby={stepError ? `${id}-error` : undefined} {...register(stepName as FieldPath<PlanFormValues>)} />
              {stepError && (
                <span id={`${id}-error`} className="field-error" role="alert">
                  {stepError}
                </span>
              )}
              <span className="row-actions">
                <button type="button" className="link" disabled={index === 0} onClick={() => move(index, index - 1)}>
                  Move step {index + 1} up
                </button>
                <button type="button" className="link" onClick={() => remove(index)}>
                  Remove step {index + 1}
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      <div>
        <button type="button" className="secondary" disabled={fields.length >= field.maxItems} onClick={() => append({ value: '' } as never)}>
          Add a step to {field.label.toLowerCase()}
        </button>{' '}
        <span className="muted">
          {fields.length} of at most {field.maxItems}
        </span>
      </div>
    </div>
  );
}
