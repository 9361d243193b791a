// What each webhook event says. Ids, names, dates and a link back into Preflight: enough for a chat message or a
// ticket, never evidence content, emails, tokens or secrets (a receiver is outside the instance's trust).
import type { WebhookEvent } from '@/lib/domain/enums';

export type Ref = { id: string; name: string };
export type AssessmentRef = { id: string; appName: string };

export type WebhookPayloads = {
  'item.signed-off': { team: Ref; assessment: AssessmentRef; item: { id: string; title: string }; signedOffBy: Ref; signedOffAt: string; link: string };
  'launch.approved': { team: Ref; assessment: AssessmentRef; approvedBy: Ref; approvedAt: string; link: string };
  'assessment.reopened': { team: Ref; assessment: AssessmentRef; reopenedBy: Ref; reopenedAt: string; link: string };
  'probe.failed': { team: Ref; assessment: AssessmentRef; run: { id: string; finishedAt: string; passed: number; failed: number }; link: string };
  'evidence.expiring': { team: Ref; assessment: AssessmentRef; item: { id: string; title: string }; evidence: { id: string; name: string; validUntil: string }; daysLeft: number; link: string };
};

export type WebhookEventInput = { [E in WebhookEvent]: { event: E; teamId: string; payload: WebhookPayloads[E] } }[WebhookEvent];

/** The JSON a receiver gets: the envelope is the same for every event, `data` depends on it. */
export type WebhookBody = { id: string; event: WebhookEvent; createdAt: string; data: unknown };

export function webhookBody(delivery: { id: string; event: string; createdAt: Date; payload: string }): string {
  const body: WebhookBody = { id: delivery.id, event: delivery.event as WebhookEvent, createdAt: delivery.createdAt.toISOString(), data: JSON.parse(delivery.payload) as unknown };
  return JSON.stringify(body);
}

/** Absolute links from PUBLIC_URL, never from a request's Host header. */
export function assessmentLink(publicUrl: string, teamId: string, assessmentId: string, rest = ''): string {
  return new URL(`/teams/${encodeURIComponent(teamId)}/assessments/${encodeURIComponent(assessmentId)}${rest}`, publicUrl).href;
}

export function itemLink(publicUrl: string, teamId: string, assessmentId: string, catalogItemId: string): string {
  return assessmentLink(publicUrl, teamId, assessmentId, `/items/${encodeURIComponent(catalogItemId)}`);
}

export const EVENT_LABELS: Record<WebhookEvent, string> = {
  'item.signed-off': 'An item is signed off',
  'launch.approved': 'A launch is approved',
  'assessment.reopened': 'An approved assessment is reopened',
  'probe.failed': 'A probe run finds a failing check',
  'evidence.expiring': 'Evidence expires within 7 days',
};
