import type { ReportData } from './model';

export type Verdict = { approved: boolean; headline: string; short: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The launch decision in one sentence, as the cover and every page header state it. */
export function reportVerdict(report: Pick<ReportData, 'launchApproval' | 'items'>): Verdict {
  if (report.launchApproval) {
    return { approved: true, headline: `Approved for launch by ${report.launchApproval.by ?? 'a former reviewer'} on ${report.launchApproval.at.slice(0, 10)}`, short: 'Approved for launch' };
  }
  const applicable = report.items.filter((i) => i.applicable);
  const unsigned = applicable.filter((i) => i.signOff.state !== 'signed').length;
  const open = applicable.filter((i) => i.status !== 'met' && i.status !== 'not_applicable').length;
  const expired = applicable.reduce((n, i) => n + i.evidence.filter((e) => e.expired && !e.superseded).length, 0);
  const reasons = [
    ...(unsigned ? [`${plural(unsigned, 'item')} unsigned`] : []),
    ...(open ? [`${plural(open, 'item')} not met`] : []),
    ...(expired ? [`${plural(expired, 'piece', 'pieces')} of evidence expired`] : []),
  ];
  if (reasons.length === 0) return { approved: false, headline: 'Every item signed off; launch not yet approved', short: 'Awaiting launch approval' };
  return { approved: false, headline: `Not ready: ${reasons.join(', ')}`, short: 'Not ready' };
}

const KIND_NAMES: Record<string, string> = { connect: 'a Connect app', forge: 'a Forge app', other: 'an app' };

/** "a Connect app at https://…": the kind of app as a reader outside Preflight says it. */
export function appSentence(assessment: { appKind: string; baseUrl: string }): string {
  return `${KIND_NAMES[assessment.appKind] ?? 'an app'} at ${assessment.baseUrl}`;
}
