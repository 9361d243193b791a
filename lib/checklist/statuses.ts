import type { ItemStatus } from '@/lib/domain/enums';

export const statusLabels: Record<ItemStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  met: 'Met',
  partially_met: 'Partially met',
  not_met: 'Not met',
  not_applicable: 'Not applicable',
};

/** Statuses that admit a gap: they need a plan to close it or an explicit risk acceptance. */
export const gapStatuses: readonly ItemStatus[] = ['partially_met', 'not_met'];

/** Statuses that count towards readiness. */
export const doneStatuses: readonly ItemStatus[] = ['met', 'not_applicable'];
