import type { CatalogItem, ProfileQuestion } from './schema';

export type ProfileAnswers = Record<string, boolean>;

/** Whether an item applies to an app with these profile answers; an unanswered question counts as "no". */
export function isApplicable(item: Pick<CatalogItem, 'appliesWhen'>, answers: ProfileAnswers): boolean {
  const when = item.appliesWhen;
  if (!when) return true;
  const allOk = (when.all ?? []).every((q) => answers[q] === true);
  const anyOk = !when.any || when.any.some((q) => answers[q] === true);
  return allOk && anyOk;
}

/** The generated reason an item is not applicable, built from the questions whose answers excluded it. */
export function notApplicableReason(item: Pick<CatalogItem, 'appliesWhen'>, answers: ProfileAnswers, questions: ProfileQuestion[]): string | null {
  if (isApplicable(item, answers)) return null;
  const byId = new Map(questions.map((q) => [q.id, q]));
  const when = item.appliesWhen!;
  const failedAll = (when.all ?? []).filter((q) => answers[q] !== true);
  const failedAny = when.any && !when.any.some((q) => answers[q] === true) ? when.any : [];
  return [...new Set([...failedAll, ...failedAny])].map((q) => byId.get(q)?.notApplicableReason ?? q).join(' ');
}

/** Human wording of an item's condition, e.g. "Only when: Is this a Connect app?". */
export function describeAppliesWhen(item: Pick<CatalogItem, 'appliesWhen'>, questions: ProfileQuestion[]): string {
  const when = item.appliesWhen;
  if (!when) return 'Every app';
  const text = (id: string) => questions.find((q) => q.id === id)?.question ?? id;
  const parts: string[] = [];
  if (when.all) parts.push(when.all.map(text).join(' and '));
  if (when.any) parts.push(`any of: ${when.any.map(text).join(' / ')}`);
  return `Only when the answer is yes to ${parts.join('; ')}`;
}
