import { CHECKS } from './checks';
import type { CheckId, CheckResult, CheckStatus } from './types';

export function connectResult(id: CheckId, status: CheckStatus, summary: string, proof: string[], startedAt: number): CheckResult {
  return { id, status, items: [...CHECKS[id].items], summary, proof, durationMs: Date.now() - startedAt };
}
