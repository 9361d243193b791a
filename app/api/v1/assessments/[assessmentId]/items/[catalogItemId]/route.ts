import { patchItem } from '@/db/queries/api-v1';
import { apiJson, apiRoute, jsonBodyOf, pathId } from '@/app/_server/api-v1';
import { ItemPatch } from '@/lib/api/schemas';
import { NotFoundError } from '@/lib/errors';

const CATALOG_ITEM_ID = /^[a-z0-9-]{3,60}$/;

/** PATCH /api/v1/assessments/:id/items/:catalogItemId — change an item's fields; a stale version is a 409. */
export const PATCH = apiRoute<{ assessmentId: string; catalogItemId: string }>(async ({ request, principal, params }) => {
  const assessmentId = pathId(params.assessmentId);
  if (!CATALOG_ITEM_ID.test(params.catalogItemId)) throw new NotFoundError('This assessment has no such item.');
  const patch = await jsonBodyOf(request, ItemPatch);
  return apiJson(patchItem(principal, assessmentId, params.catalogItemId, patch));
});
