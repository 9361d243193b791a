'use server';

import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { createApiToken, revokeApiToken } from '@/db/queries/api-tokens';
import { RevokeTokenSchema, TokenFieldsSchema } from '@/lib/validation/api-token';
import type { CreatedToken } from '@/app/(app)/account/tokens/token-types';

export async function createInstanceTokenAction(input: unknown): Promise<ActionResult<CreatedToken>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { token, view } = createApiToken(actor, { kind: 'instance' }, parseInput(TokenFieldsSchema, input));
    return { token, name: view.name, displayPrefix: view.displayPrefix, expiresAt: view.expiresAt.toISOString() };
  });
}

export async function revokeInstanceTokenAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    revokeApiToken(actor, { kind: 'instance' }, parseInput(RevokeTokenSchema, input).tokenId);
    return null;
  });
}
