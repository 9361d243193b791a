import type { ItemUpdateInput } from '@/lib/checklist/item-schema';

/** The reason a test gives for "met" on an item it attached no evidence to (saveItem refuses it without one). */
export const MET_REASON = 'Checked in the staging environment by the team.';

/** Adds MET_REASON when `values` mark the item met and neither they nor the stored row give a justification. */
export function withMetReason(values: Partial<ItemUpdateInput>, storedJustification: string): Partial<ItemUpdateInput> {
  return values.status === 'met' && values.justification === undefined && !storedJustification ? { ...values, justification: MET_REASON } : values;
}
