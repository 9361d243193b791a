// The readable view of a probe run: what the CLI prints and what Preflight shows beside the stored JSON.
import { CHECKS } from './checks';
import { checkStatuses, type CheckResult, type ProbeResult } from './types';

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS ', fail: 'FAIL ', warn: 'WARN ', error: 'ERROR', skip: 'SKIP ' };

/** One check: status and id with its title, the summary, then the proof indented beneath. */
export function formatCheckText(check: CheckResult): string {
  const title = CHECKS[check.id]?.title;
  const lines = [`${MARK[check.status]} ${check.id}${title ? ` — ${title}` : ''}`, `      ${check.summary}`];
  for (const line of check.proof) lines.push(`        ${line}`);
  return lines.join('\n');
}

export function formatProbeText(result: ProbeResult): string {
  const counts = checkStatuses.map((s) => [s, result.checks.filter((c) => c.status === s).length] as const).filter(([, n]) => n > 0);
  const seconds = (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000;
  const head = [
    `Probe of ${result.target.baseUrl}`,
    `  hosts: ${result.target.hosts.join(', ')}`,
    ...(result.target.descriptor ? [`  descriptor: ${result.target.descriptor}`] : []),
    ...(result.target.manifest ? [`  manifest: ${result.target.manifest}`] : []),
    ...(result.target.authenticatedUrl ? [`  signed-in page: ${result.target.authenticatedUrl}`] : []),
    `  ${result.startedAt} – ${result.finishedAt} (${Number.isFinite(seconds) ? seconds.toFixed(1) : '?'} s, ${result.stats.requests} requests, ${result.stats.bytesRead} bytes read)`,
  ];
  return [...head, '', ...result.checks.map(formatCheckText), '', counts.map(([s, n]) => `${n} ${s}`).join(', ')].join('\n');
}

export const formatResultText = formatProbeText;
