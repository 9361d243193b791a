'use server';

import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { createApiToken, revokeApiToken } from '@/db/queries/api-tokens';
import { TeamRevokeTokenSchema, TeamTokenSchema } from '@/lib/validation/api-token';
import type { CreatedToken } from '@/app/(app)/account/tokens/token-types';

export async function createTeamTokenAction(input: unknown): Promise<ActionResult<CreatedToken>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { teamId, ...fields } = parseInput(TeamTokenSchema, input);
    const { token, view } = createApiToken(actor, { kind: 'team', teamId }, fields);
    return { token, name: view.name, displayPrefix: view.displayPrefix, expiresAt: view.expiresAt.toISOString() };
  });
}

export async function revokeTeamTokenAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { teamId, tokenId } = parseInput(TeamRevokeTokenSchema, input);
    revokeApiToken(actor, { kind: 'team', teamId }, tokenId);
    return null;
  });
}
