'use client';

import { ConfirmButton } from '@/app/_components/confirm-dialog';
import { useActionRunner } from '@/app/_components/use-action-runner';
import { deleteWebhookAction, disableWebhookAction } from './actions';

export function WebhookRowActions({ teamId, webhookId, host, disabled }: { teamId: string | null; webhookId: string; host: string; disabled: boolean }) {
  const { pending, error, run } = useActionRunner();
  return (
    <div>
      <div className="row-actions">
        {!disabled && (
          <ConfirmButton
            className="secondary"
            disabled={pending}
            title={`Disable the webhook to ${host}?`}
            consequence={`Nothing more is posted to ${host}, and deliveries still waiting to be sent are dropped. It cannot be enabled again; add a new webhook instead.`}
            confirmLabel="Disable webhook"
            onConfirm={() => run(() => disableWebhookAction({ teamId, webhookId }))}
          >
            Disable<span className="sr-only"> webhook to {host}</span>
          </ConfirmButton>
        )}
        <ConfirmButton
          className="danger"
          tone="danger"
          disabled={pending}
          title={`Delete the webhook to ${host}?`}
          consequence={`The webhook and its delivery log are deleted, and nothing more is posted to ${host}. The audit log keeps that it existed.`}
          confirmLabel="Delete webhook"
          onConfirm={() => run(() => deleteWebhookAction({ teamId, webhookId }))}
        >
          Delete<span className="sr-only"> webhook to {host}</span>
        </ConfirmButton>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
