import { z } from 'zod';
import { webhookEvents } from '@/lib/domain/enums';

export const WEBHOOK_URL_MAX = 2000;
export const WEBHOOKS_PER_SCOPE_MAX = 20;

/**
 * What the browser can check: a full http(s) address without credentials. Whether plain http is allowed depends
 * on PROBE_ALLOW_HOSTS, which only the server knows (db/queries/webhooks.ts asks it before saving).
 */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address like https://hooks.example.com/preflight.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an https:// address.';
  if (url.username || url.password) return 'Leave the user name and password out of the address.';
  if (!url.hostname) return 'The address needs a host name.';
  return null;
}

/** The add-webhook form, for a team (teamId) or the instance (teamId null). */
export const CreateWebhookSchema = z.object({
  teamId: z.uuid().nullable(),
  url: z
    .string()
    .trim()
    .min(1, 'Enter the address Preflight should post to.')
    .max(WEBHOOK_URL_MAX, 'Use at most 2,000 characters.')
    .superRefine((v, ctx) => {
      const problem = webhookUrlProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  events: z.array(z.enum(webhookEvents, 'Choose events from the list.')).min(1, 'Choose at least one event.').max(webhookEvents.length),
});
export type CreateWebhookInput = z.input<typeof CreateWebhookSchema>;

export const WebhookRefSchema = z.object({ teamId: z.uuid().nullable(), webhookId: z.uuid() });
export type WebhookRef = z.infer<typeof WebhookRefSchema>;
