import { z } from 'zod';
import { apiTokenScopes, type ApiTokenScope } from '@/lib/domain/enums';

export const TOKEN_NAME_MAX = 100;
export const TOKEN_DAYS_MAX = 365;
export const TOKEN_DAYS_DEFAULT = 90;

export const scopeDescriptions: Record<ApiTokenScope, string> = {
  read: 'read: assessments, items, evidence and reports',
  write: 'write: item status updates and evidence uploads',
  probe: 'probe: start probe runs and read their results',
  gate: 'gate: ask the release gate whether a launch is cleared',
};

const NO_SCOPE = 'Choose at least one scope.';
const NO_NAME = 'Give the token a name, e.g. “CI release gate”.';
const DAYS = `Enter a number of days from 1 to ${TOKEN_DAYS_MAX} (at most a year).`;

/**
 * The fields every token form has, as typed: the form resolves this in the browser, and the server's schemas
 * below are this plus a normalising step, so both sides refuse the same input with the same messages.
 */
export const TokenFormSchema = z.object({
  name: z.string(NO_NAME).trim().min(1, NO_NAME).max(TOKEN_NAME_MAX, `Use at most ${TOKEN_NAME_MAX} characters.`),
  scopes: z
    .array(z.enum(apiTokenScopes, 'Choose from read, write, probe and gate.'), NO_SCOPE)
    .min(1, NO_SCOPE)
    .max(apiTokenScopes.length * 2, NO_SCOPE),
  // Days arrive as text from the form and the command line.
  days: z
    .string(DAYS)
    .trim()
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= TOKEN_DAYS_MAX, DAYS),
});

export type TokenFieldsInput = z.input<typeof TokenFormSchema>;

/** Scopes once each in one order (two tokens with the same scopes read the same), days as a whole number. */
function normalise<T extends z.output<typeof TokenFormSchema>>({ scopes, days, ...rest }: T): Omit<T, 'scopes' | 'days'> & { scopes: ApiTokenScope[]; days: number } {
  return { ...rest, scopes: apiTokenScopes.filter((scope) => scopes.includes(scope)), days: Number(days) };
}

/** The server's parse of a personal or instance token form, and of `token:create`'s arguments. */
export const TokenFieldsSchema = TokenFormSchema.transform(normalise);
export type TokenFields = z.output<typeof TokenFieldsSchema>;

export const TeamTokenSchema = TokenFormSchema.extend({ teamId: z.uuid() }).transform(normalise);
export type TeamTokenInput = z.input<typeof TeamTokenSchema>;

export const RevokeTokenSchema = z.object({ tokenId: z.uuid() });
export const TeamRevokeTokenSchema = RevokeTokenSchema.extend({ teamId: z.uuid() });

/**
 * Why a stored token does not work (any more). The bearer check refuses with it and the lists show it, so a
 * token's state on a page is exactly what the API would answer.
 */
export type TokenRefusal = 'revoked' | 'expired' | 'user-disabled' | 'owner-not-admin' | 'creator-left-team' | 'creator-not-allowed';

export const tokenRefusalLabels: Record<TokenRefusal, string> = {
  revoked: 'Revoked',
  expired: 'Expired',
  'user-disabled': 'Stopped: account disabled',
  'owner-not-admin': 'Stopped: owner is no longer an admin',
  'creator-left-team': 'Stopped: its maker left the team',
  'creator-not-allowed': 'Stopped: its maker may no longer make team tokens',
};
