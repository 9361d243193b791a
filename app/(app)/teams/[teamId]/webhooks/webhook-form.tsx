'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { webhookEvents } from '@/lib/domain/enums';
import { CreateWebhookSchema, type CreateWebhookInput } from '@/lib/validation/webhook';
import { EVENT_LABELS } from '@/lib/webhooks/payloads';
import { createWebhookAction } from './actions';

/** Adds a webhook for a team (teamId) or the instance (null), then shows its signing secret this one time. */
export function WebhookForm({ teamId }: { teamId: string | null }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useForm<CreateWebhookInput>({ resolver: zodResolver(CreateWebhookSchema), defaultValues: { teamId, url: '', events: [] } });
  const { register } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(form, createWebhookAction, (created) => {
    setSecret(created.secret);
    setCopied(false);
    form.reset({ teamId, url: '', events: [] });
    router.refresh();
  });
  const eventsError = errors.events?.message ?? errors.events?.root?.message;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a webhook" className="card">
      <h2>Add a webhook</h2>
      {secret && (
        <div className="alert info" role="status">
          <p>
            <strong>Webhook added. Its signing secret:</strong> copy it into the receiver now. It is not shown again; if it is lost, delete the webhook and add a new one.
          </p>
          <div className="copy-box">
            <input type="text" readOnly value={secret} aria-label="Signing secret" onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(secret).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      )}
      <FormAlert error={formError} />
      <Field id="webhook-url" label="Payload URL" hint="Preflight posts signed JSON here. Use https://." error={errors.url?.message}>
        <input id="webhook-url" type="url" inputMode="url" autoComplete="off" spellCheck={false} aria-invalid={!!errors.url} aria-describedby={describedBy('webhook-url', { hint: true, error: errors.url })} {...register('url')} />
      </Field>
      <fieldset aria-describedby={eventsError ? 'webhook-events-error' : undefined}>
        <legend>Events</legend>
        {webhookEvents.map((event) => (
          <label key={event} className="checkbox">
            <input type="checkbox" value={event} {...register('events')} /> {EVENT_LABELS[event]} <code>{event}</code>
          </label>
        ))}
        {eventsError && (
          <span id="webhook-events-error" className="field-error" role="alert">
            {eventsError}
          </span>
        )}
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add webhook'}
      </button>
    </form>
  );
}
