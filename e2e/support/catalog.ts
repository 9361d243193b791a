import { isApplicable } from '../../lib/catalog/applicability';
import { CATALOG_DIR, loadCatalog } from '../../lib/catalog/load';

export const catalog = loadCatalog(CATALOG_DIR);

/** Profile answers keyed by question text (as the form shows them), from answers keyed by question id. */
export function profileByQuestion(answers: Record<string, boolean>): Record<string, boolean> {
  return Object.fromEntries(catalog.profileQuestions.filter((q) => q.id !== 'connectApp').map((q) => [q.question, answers[q.id] ?? false]));
}

export function applicableItems(answers: Record<string, boolean>) {
  return catalog.items.filter((i) => isApplicable(i, answers));
}
