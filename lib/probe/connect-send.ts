// Sends forged Connect calls and sorts the answers: refused (401/403), accepted (2xx), or neither.
import { EgressRefusedError, ProbeLimitError, type ProbeClient, type ProbeResponse } from './types';

export type Attempt = {
  method: 'GET' | 'POST';
  /** The URL the request names, without any token, as shown in the proof. */
  url: string;
  /** What was forged, in a reviewer's words: `no JWT`, `alg none`, ... */
  forgery: string;
  /** How the token travelled; null when none was sent. */
  via: 'header' | 'query' | null;
  token: string | null;
  body?: string;
};

export type Verdict = 'refused' | 'accepted' | 'other' | 'not-sent';

export type Outcome = {
  attempt: Attempt;
  verdict: Verdict;
  /** `401 Unauthorized`, or why there is no status. */
  answer: string;
  response: ProbeResponse | null;
};

export function verdictFor(status: number): Verdict {
  if (status === 401 || status === 403) return 'refused';
  if (status >= 200 && status <= 299) return 'accepted';
  return 'other';
}

export async function sendAttempt(client: ProbeClient, attempt: Attempt): Promise<Outcome> {
  const url = new URL(attempt.url);
  if (attempt.via === 'query' && attempt.token) url.searchParams.set('jwt', attempt.token);
  const headers: Record<string, string> = { accept: '*/*' };
  if (attempt.via === 'header' && attempt.token) headers.authorization = `JWT ${attempt.token}`;
  if (attempt.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await client.request({ method: attempt.method, url: url.href, headers, body: attempt.body });
    return { attempt, verdict: verdictFor(response.status), answer: `${response.status} ${response.statusText}`.trim(), response };
  } catch (error) {
    // A refused destination or a spent budget means the check is incomplete, not that the app answered.
    if (error instanceof EgressRefusedError || error instanceof ProbeLimitError) {
      return { attempt, verdict: 'not-sent', answer: `not sent: ${error.message}`, response: null };
    }
    return { attempt, verdict: 'other', answer: `no answer: ${(error as Error).message}`, response: null };
  }
}

export function describeAttempt(attempt: Attempt): string {
  const how = attempt.via === 'query' ? ' in ?jwt=' : attempt.via === 'header' ? ' in Authorization' : '';
  return `${attempt.method} ${attempt.url} · ${attempt.forgery}${how}`;
}

export function proofLine(outcome: Outcome): string {
  return `${describeAttempt(outcome.attempt)} → ${outcome.answer}`;
}

/** A few named examples for a summary sentence, with a count of the rest. */
export function examples(outcomes: Outcome[], limit = 3): string {
  const named = outcomes.slice(0, limit).map((o) => `${o.attempt.method} ${shortUrl(o.attempt.url)} with ${o.attempt.forgery}${o.attempt.via === 'query' ? ' (query)' : ''} → ${o.answer}`);
  const rest = outcomes.length - named.length;
  return `${named.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`;
}

function shortUrl(href: string): string {
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}
