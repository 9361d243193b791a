// The closed sets of values the app uses: statuses, roles, kinds. The database schema types its columns with
// these, and client components import them from here, so no browser bundle ever includes drizzle or table names.

export const oneTimeTokenPurposes = ['setup', 'set-password'] as const;
export type OneTimeTokenPurpose = (typeof oneTimeTokenPurposes)[number];

export const teamRoles = ['member', 'reviewer', 'auditor'] as const;
export type TeamRole = (typeof teamRoles)[number];

export const appKinds = ['connect', 'forge', 'other'] as const;
export type AppKind = (typeof appKinds)[number];

export const assessmentStates = ['active', 'archived'] as const;
export type AssessmentState = (typeof assessmentStates)[number];

export const itemStatuses = ['not_started', 'in_progress', 'met', 'partially_met', 'not_met', 'not_applicable'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export const gapResponses = ['plan', 'risk_acceptance'] as const;
export type GapResponse = (typeof gapResponses)[number];

// `probe`: a probe run's result for the item, filed by Preflight itself (issue 13).
export const evidenceKinds = ['file', 'link', 'text', 'plan', 'probe'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

// Stored in a text column without a CHECK constraint (migration 0003), so a new decision needs no migration.
export const reviewDecisions = ['approved', 'changes_requested', 'withdrawn'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const launchDecisionKinds = ['approved', 'reopened'] as const;
export type LaunchDecisionKind = (typeof launchDecisionKinds)[number];

export const alertKinds = ['sign-in-failures-account', 'sign-in-failures-ip', 'access-denied', 'evidence-integrity', 'mfa-code-failures', 'mfa-disabled', 'admin-without-mfa'] as const;
export type AlertKind = (typeof alertKinds)[number];

export const reportFormats = ['pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const probeRunStates = ['running', 'finished', 'failed', 'interrupted'] as const;
export type ProbeRunState = (typeof probeRunStates)[number];

export const descriptorModes = ['auto', 'none', 'url', 'upload'] as const;
export type DescriptorMode = (typeof descriptorModes)[number];

export const apiTokenScopes = ['read', 'write', 'probe', 'gate'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

// personal: acts as its owner; team: acts as its creator, only within that team; instance: an admin's, everywhere.
export const apiTokenKinds = ['personal', 'team', 'instance'] as const;
export type ApiTokenKind = (typeof apiTokenKinds)[number];

export const webhookEvents = ['item.signed-off', 'launch.approved', 'assessment.reopened', 'probe.failed', 'evidence.expiring'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export const webhookDeliveryStates = ['pending', 'delivered', 'failed', 'refused'] as const;
export type WebhookDeliveryState = (typeof webhookDeliveryStates)[number];

// Who the instance requires a second sign-in factor of. "reviewers" includes admins: both can approve launches.
export const mfaRequirements = ['nobody', 'admins', 'reviewers', 'everyone'] as const;
export type MfaRequirement = (typeof mfaRequirements)[number];

// OIDC sign-ins: accept the IdP's word (its `amr` claim) that it ran MFA, or always ask for Preflight's own factor.
export const oidcMfaModes = ['trust-idp', 'require-own'] as const;
export type OidcMfaMode = (typeof oidcMfaModes)[number];

// second-factor: the password (or OIDC) passed and a second factor is due; passkey: a passwordless passkey sign-in;
// registration: a signed-in person adding a passkey.
export const signInChallengePurposes = ['second-factor', 'passkey', 'registration'] as const;
export type SignInChallengePurpose = (typeof signInChallengePurposes)[number];
