import { z } from 'zod';
import { mfaRequirements, oidcMfaModes } from '@/lib/domain/enums';

export const SettingsSchema = z.object({
  mfaRequiredFor: z.enum(mfaRequirements, 'Choose who must use a second sign-in step.'),
  passwordlessPasskeys: z.boolean(),
  oidcMfa: z.enum(oidcMfaModes, 'Choose how single sign-on counts toward the second step.'),
});

export type SettingsInput = z.infer<typeof SettingsSchema>;

export const mfaRequirementLabels: Record<(typeof mfaRequirements)[number], string> = {
  nobody: 'Nobody (each person chooses)',
  admins: 'Admins',
  reviewers: 'Admins and reviewers',
  everyone: 'Everyone',
};

export const oidcMfaLabels: Record<(typeof oidcMfaModes)[number], string> = {
  'trust-idp': 'Trust the identity provider when it says it ran MFA (its amr claim); otherwise ask for Preflight’s own second step',
  'require-own': 'Always ask for Preflight’s own second step, whatever the identity provider did',
};
