import { relations, sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { alertKinds, appKinds, assessmentStates, evidenceKinds, gapResponses, itemStatuses, launchDecisionKinds, oneTimeTokenPurposes, probeRunStates, apiTokenKinds, webhookDeliveryStates, descriptorModes, reportFormats, reviewDecisions, teamRoles, mfaRequirements, oidcMfaModes, signInChallengePurposes } from '@/lib/domain/enums';
// Re-exported for server code that already reads them beside the tables; client code imports lib/domain/enums.
export * from '@/lib/domain/enums';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    // null until the person sets a password through a one-time link (or signs in with OIDC only)
    passwordHash: text('password_hash'),
    isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

/**
 * Links to external identities (OpenID Connect): the ID token's `iss` and `sub`. A subject is only unique within
 * its issuer, so both form the key; a user has at most one subject per issuer, so a second identity presenting
 * the same email cannot join or replace the first.
 */
export const accounts = sqliteTable(
  'accounts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    provider: text('provider').notNull(),
    issuer: text('issuer').notNull(),
    /** The `sub` claim. */
    providerAccountId: text('provider_account_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.issuer, t.providerAccountId] }), uniqueIndex('accounts_user_issuer_unique').on(t.userId, t.provider, t.issuer)],
);

/** Server-side sessions. Only the SHA-256 of the cookie's token is stored, so a database leak yields no usable cookie. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // idle expiry: moves forward while the session is used, never past absoluteExpiresAt
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    absoluteExpiresAt: integer('absolute_expires_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    ip: text('ip'),
    // How the sign-in went past the password: totp, passkey, recovery-code, idp (the IdP's MFA), or null.
    secondFactor: text('second_factor'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);


/** Setup and set-password links. Stored hashed; a token works once and until it expires. */
export const oneTimeTokens = sqliteTable(
  'one_time_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose', { enum: oneTimeTokenPurposes }).notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('one_time_tokens_user_idx').on(t.userId)],
);

/** Failed sign-ins per throttle key ("email:…" or "ip:…"). */
export const signInThrottle = sqliteTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: integer('window_started_at', { mode: 'timestamp_ms' }).notNull(),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
});

export const teams = sqliteTable(
  'teams',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_name_unique').on(t.name)],
);


export const teamMemberships = sqliteTable(
  'team_memberships',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: teamRoles }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_memberships_user_idx').on(t.userId)],
);

/**
 * Append-only and hash-chained: each row's hash covers its canonical content and the previous row's hash,
 * so an edited or deleted row breaks the chain from that point on.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    details: text('details').notNull().default('{}'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    // HMAC of the hash under AUDIT_KEY (ADR 013): without the key nobody can forge an entry. Null only for
    // entries written before the key existed; the sealed head covers those.
    mac: text('mac'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_action_idx').on(t.action),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);

/**
 * The one row that anchors the audit log (ADR 013): the newest entry's id and hash, sealed with AUDIT_KEY.
 * Deleting the newest entries, or rewriting the chain, leaves a log that no longer ends where the head says.
 */
export const auditHead = sqliteTable('audit_head', {
  id: integer('id').primaryKey(),
  lastId: integer('last_id').notNull().default(0),
  lastHash: text('last_hash').notNull(),
  // Entries from this id on carry a MAC; earlier ones predate the key.
  sealedFromId: integer('sealed_from_id'),
  // Null until the first entry is written under the key.
  mac: text('mac'),
});

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(teamMemberships),
  sessions: many(sessions),
}));
export const teamsRelations = relations(teams, ({ many }) => ({ memberships: many(teamMemberships) }));
export const teamMembershipsRelations = relations(teamMemberships, ({ one }) => ({
  team: one(teams, { fields: [teamMemberships.teamId], references: [teams.id] }),
  user: one(users, { fields: [teamMemberships.userId], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type TeamMembership = typeof teamMemberships.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

// ---- assessments and the checklist ----


export const assessments = sqliteTable(
  'assessments',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    appName: text('app_name').notNull(),
    appKind: text('app_kind', { enum: appKinds }).notNull(),
    baseUrl: text('base_url').notNull(),
    targetLaunchDate: text('target_launch_date').notNull(),
    // The catalog version the checklist follows until the team upgrades it.
    catalogVersion: text('catalog_version').notNull(),
    // Profile answers as JSON { questionId: boolean }; they decide which items apply.
    profile: text('profile').notNull().default('{}'),
    state: text('state', { enum: assessmentStates }).notNull().default('active'),
    // Set while a reviewer's launch approval stands; the assessment is read-only meanwhile.
    launchApprovedAt: integer('launch_approved_at', { mode: 'timestamp_ms' }),
    launchApprovedById: text('launch_approved_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('assessments_team_idx').on(t.teamId, t.state)],
);


/** A team's answer to one catalog item. The catalog text itself is never copied here, only its id and fingerprint. */
export const assessmentItems = sqliteTable(
  'assessment_items',
  {
    id: text('id').primaryKey(),
    assessmentId: text('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    catalogItemId: text('catalog_item_id').notNull(),
    // Per-field hashes of the catalog item this answer was given against; a catalog upgrade diffs against them.
    catalogFingerprint: text('catalog_fingerprint').notNull(),
    status: text('status', { enum: itemStatuses }).notNull().default('not_started'),
    // Set when the profile excludes the item; the justification is then generated from the profile.
    excludedByProfile: integer('excluded_by_profile', { mode: 'boolean' }).notNull().default(false),
    justification: text('justification').notNull().default(''),
    gapResponse: text('gap_response', { enum: gapResponses }),
    gapText: text('gap_text').notNull().default(''),
    // For a plan: the date the gap closes (it is the item's due date too). For a risk acceptance: until when it holds.
    gapDueDate: text('gap_due_date'),
    // Who accepts the risk: a person on the team or an admin. Part of what a reviewer signs.
    riskAcceptedById: text('risk_accepted_by_id').references(() => users.id, { onDelete: 'set null' }),
    // Set when a risk acceptance ran out: the item went back to not met and stays flagged until answered again.
    riskAcceptanceExpiredOn: text('risk_acceptance_expired_on'),
    ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
    dueDate: text('due_date'),
    notes: text('notes').notNull().default(''),
    // JSON array of ticked acceptance-criterion ids.
    criteriaMet: text('criteria_met').notNull().default('[]'),
    // Optimistic concurrency: a save names the version it started from.
    version: integer('version').notNull().default(1),
    removedFromCatalogAt: integer('removed_from_catalog_at', { mode: 'timestamp_ms' }),
    // Set by a catalog upgrade that changed this item; cleared when the team saves the item again.
    catalogNote: text('catalog_note'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
    updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
    // Four eyes: whoever last set the status may not sign the item off.
    statusSetById: text('status_set_by_id').references(() => users.id, { onDelete: 'set null' }),
    // Digest of what a reviewer signs (lib/review/digest.ts) and when it last changed (the queue's "waiting since").
    reviewDigest: text('review_digest').notNull().default(''),
    reviewStateAt: integer('review_state_at', { mode: 'timestamp_ms' }),
    // The sign-off that covers the item as it is now; cleared the moment the digest changes.
    signOffId: text('sign_off_id'),
  },
  (t) => [
    index('assessment_items_review_idx').on(t.assessmentId, t.signOffId),
    uniqueIndex('assessment_items_unique').on(t.assessmentId, t.catalogItemId),
    index('assessment_items_owner_idx').on(t.ownerId),
  ],
);

/** Field-level history of every item change: who, when, field, old → new. */
export const itemHistory = sqliteTable(
  'item_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assessmentItemId: text('assessment_item_id')
      .notNull()
      .references(() => assessmentItems.id, { onDelete: 'cascade' }),
    assessmentId: text('assessment_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
  },
  (t) => [index('item_history_item_idx').on(t.assessmentItemId, t.id), index('item_history_assessment_idx').on(t.assessmentId, t.at)],
);


/** Evidence attached to an item (the vault that stores file bodies arrives with the evidence issue). */
export const evidence = sqliteTable(
  'evidence',
  {
    id: text('id').primaryKey(),
    assessmentItemId: text('assessment_item_id')
      .notNull()
      .references(() => assessmentItems.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: evidenceKinds }).notNull(),
    name: text('name').notNull(),
    url: text('url'),
    body: text('body'),
    sizeBytes: integer('size_bytes'),
    sha256: text('sha256'),
    uploadedById: text('uploaded_by_id').references(() => users.id, { onDelete: 'set null' }),
    validUntil: text('valid_until'),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    // Revisions: every revision of one piece of evidence shares the lineage id of the first.
    lineageId: text('lineage_id'),
    revision: integer('revision').notNull().default(1),
    replacedAt: integer('replaced_at', { mode: 'timestamp_ms' }),
    // File bodies: stored under a random name, encrypted with a data key wrapped by key `keyId` (ADR 008).
    storedName: text('stored_name'),
    mimeType: text('mime_type'),
    keyId: text('key_id'),
    wrappedKey: text('wrapped_key'),
    purgedAt: integer('purged_at', { mode: 'timestamp_ms' }),
    // A published plan version attached as evidence; superseded once the plan publishes a newer version.
    planVersionId: text('plan_version_id'),
    supersededAt: integer('superseded_at', { mode: 'timestamp_ms' }),
    // Probe evidence: the run it came from, and its verdict per check ("tls.protocols=pass;…"), which is what a
    // sign-off covers instead of the run's hash, so a re-run with the same verdicts leaves the sign-off standing.
    probeRunId: text('probe_run_id'),
    probeOutcome: text('probe_outcome'),
  },
  (t) => [index('evidence_plan_version_idx').on(t.planVersionId), index('evidence_item_idx').on(t.assessmentItemId), index('evidence_lineage_idx').on(t.lineageId), index('evidence_key_idx').on(t.keyId)],
);

/**
 * Four eyes (ADR 009): who changed something a sign-off covers since the item was last signed off. Rows go
 * when the item is signed off again.
 */
export const reviewContributions = sqliteTable(
  'review_contributions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assessmentItemId: text('assessment_item_id')
      .notNull()
      .references(() => assessmentItems.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    // What they changed, in words for the refusal ("justification", "evidence", …).
    what: text('what').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('review_contributions_item_idx').on(t.assessmentItemId, t.userId)],
);

export type Assessment = typeof assessments.$inferSelect;
export type AssessmentItem = typeof assessmentItems.$inferSelect;
export type ItemHistoryEntry = typeof itemHistory.$inferSelect;
export type Evidence = typeof evidence.$inferSelect;

// ---- review and sign-off ----


/** Every review decision on an item. An approval binds to the digest of the state the reviewer saw. */
export const itemReviews = sqliteTable(
  'item_reviews',
  {
    id: text('id').primaryKey(),
    assessmentItemId: text('assessment_item_id')
      .notNull()
      .references(() => assessmentItems.id, { onDelete: 'cascade' }),
    assessmentId: text('assessment_id').notNull(),
    reviewerId: text('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    decision: text('decision', { enum: reviewDecisions }).notNull(),
    comment: text('comment').notNull().default(''),
    digest: text('digest').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('item_reviews_item_idx').on(t.assessmentItemId, t.at)],
);


/** Launch approvals and reopenings of an assessment, in order. */
export const launchDecisions = sqliteTable(
  'launch_decisions',
  {
    id: text('id').primaryKey(),
    assessmentId: text('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: launchDecisionKinds }).notNull(),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull().default(''),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('launch_decisions_assessment_idx').on(t.assessmentId, t.at)],
);

// ---- security alerts ----


/** An anomaly found in the audit log; open until an admin acknowledges it. */
export const securityAlerts = sqliteTable(
  'security_alerts',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: alertKinds }).notNull(),
    // What the alert is about: an account email, an IP address, a user id or an evidence id.
    subject: text('subject').notNull(),
    subjectLabel: text('subject_label').notNull(),
    firstAt: integer('first_at', { mode: 'timestamp_ms' }).notNull(),
    lastAt: integer('last_at', { mode: 'timestamp_ms' }).notNull(),
    count: integer('count').notNull(),
    acknowledgedAt: integer('acknowledged_at', { mode: 'timestamp_ms' }),
    acknowledgedById: text('acknowledged_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('security_alerts_open_idx').on(t.acknowledgedAt, t.kind, t.subject)],
);

/** The audit entries behind an alert. */
export const alertAuditEntries = sqliteTable(
  'alert_audit_entries',
  {
    alertId: text('alert_id')
      .notNull()
      .references(() => securityAlerts.id, { onDelete: 'cascade' }),
    auditId: integer('audit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.auditId] })],
);

export type ItemReview = typeof itemReviews.$inferSelect;
export type LaunchDecision = typeof launchDecisions.$inferSelect;
export type SecurityAlert = typeof securityAlerts.$inferSelect;

// ---- incident-response and disaster-recovery plans ----

/** A team's plan: a draft being edited (autosaved, versioned for conflicts) plus its published versions. */
export const plans = sqliteTable(
  'plans',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    title: text('title').notNull(),
    draftContent: text('draft_content').notNull().default('{}'),
    // Optimistic concurrency for the draft, like items: a save names the version it started from.
    draftVersion: integer('draft_version').notNull().default(1),
    nextReviewDate: text('next_review_date'),
    lastExercisedDate: text('last_exercised_date'),
    createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
    updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('plans_team_idx').on(t.teamId)],
);

/** An immutable published version of a plan. */
export const planVersions = sqliteTable(
  'plan_versions',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    templateVersion: integer('template_version').notNull(),
    // SHA-256 of the canonical content: what evidence and sign-offs bind to.
    sha256: text('sha256').notNull(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    publishedById: text('published_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('plan_versions_unique').on(t.planId, t.number)],
);

export type Plan = typeof plans.$inferSelect;
export type PlanVersion = typeof planVersions.$inferSelect;

// ---- report exports ----


/** Every exported report, so anyone can later check a file against what Preflight produced. */
export const reportExports = sqliteTable(
  'report_exports',
  {
    id: text('id').primaryKey(),
    assessmentId: text('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    format: text('format', { enum: reportFormats }).notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    // The Ed25519 signature envelope (JSON) of the file, served as the detached .sig of a CSV or JSON export.
    // Null for exports made before reports were signed.
    signatureKeyId: text('signature_key_id'),
    signature: text('signature'),
  },
  (t) => [index('report_exports_sha_idx').on(t.sha256), index('report_exports_assessment_idx').on(t.assessmentId, t.createdAt)],
);

/**
 * Every public key this instance ever signed reports with (ADR 021). The private key lives in the environment;
 * the public half stays here after rotation, so reports signed before it still verify.
 */
export const reportSigningKeys = sqliteTable('report_signing_keys', {
  keyId: text('key_id').primaryKey(),
  publicKeyPem: text('public_key_pem').notNull(),
  validFrom: integer('valid_from', { mode: 'timestamp_ms' }).notNull(),
  // Set when another key takes over; reports generated after it do not verify with this key.
  validUntil: integer('valid_until', { mode: 'timestamp_ms' }),
});

export type ReportExport = typeof reportExports.$inferSelect;

// ---- probe ----

/** What an assessment's probe contacts beside the base URL. One row per assessment, written by its members. */
export const probeTargets = sqliteTable('probe_targets', {
  assessmentId: text('assessment_id')
    .primaryKey()
    .references(() => assessments.id, { onDelete: 'cascade' }),
  // JSON array of `host` or `host:port`.
  extraHosts: text('extra_hosts').notNull().default('[]'),
  httpPort: integer('http_port'),
  descriptorMode: text('descriptor_mode', { enum: descriptorModes }).notNull().default('auto'),
  descriptorUrl: text('descriptor_url'),
  descriptorText: text('descriptor_text'),
  descriptorName: text('descriptor_name'),
  manifestText: text('manifest_text'),
  manifestName: text('manifest_name'),
  authUrl: text('auth_url'),
  authHeaderName: text('auth_header_name'),
  // The header's value, AES-256-GCM under evidence key `authKeyId` (lib/vault/sealed-value.ts); never shown again.
  authSecret: text('auth_secret'),
  authKeyId: text('auth_key_id'),
  // The CI gate also asks for a passing probe run at most this many days old (null: the gate ignores the probe).
  gateProbeMaxAgeDays: integer('gate_probe_max_age_days'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
});

export type ProbeTargetRow = typeof probeTargets.$inferSelect;

export const probeRuns = sqliteTable(
  'probe_runs',
  {
    id: text('id').primaryKey(),
    assessmentId: text('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    startedById: text('started_by_id').references(() => users.id, { onDelete: 'set null' }),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    state: text('state', { enum: probeRunStates }).notNull(),
    total: integer('total').notNull(),
    // Checks finished so far, as a JSON array of results, so a watcher sees them arrive.
    checks: text('checks').notNull().default('[]'),
    // The whole ProbeResult once finished, and its SHA-256.
    result: text('result'),
    resultSha256: text('result_sha256'),
    passed: integer('passed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errorMessage: text('error_message'),
    // Set when this run probed another address than the assessment's (a staging URL given through the API).
    baseUrl: text('base_url'),
  },
  (t) => [
    index('probe_runs_assessment_idx').on(t.assessmentId, t.startedAt),
    // One run at a time per assessment, enforced by the database so two clicks cannot both start one.
    uniqueIndex('probe_runs_one_running').on(t.assessmentId).where(sql`state = 'running'`),
  ],
);

export type ProbeRun = typeof probeRuns.$inferSelect;

// ---- API tokens and webhooks ----

/** Bearer tokens for the REST API (ADR 019). Only the SHA-256 of a token is kept; its prefix identifies it to people. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: apiTokenKinds }).notNull(),
    name: text('name').notNull(),
    // The user the token acts as (team tokens: who made it). Their access bounds the token's.
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    // JSON array of scopes.
    scopes: text('scopes').notNull(),
    tokenHash: text('token_hash').notNull(),
    // The first characters after `pft_`, shown in lists so a person can tell tokens apart.
    displayPrefix: text('display_prefix').notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    lastUsedIp: text('last_used_ip'),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId), index('api_tokens_team_idx').on(t.teamId)],
);

export type ApiToken = typeof apiTokens.$inferSelect;

/** Where Preflight posts events. Team webhooks hear their team's events; instance ones (teamId null) hear all. */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    // JSON array of event names.
    events: text('events').notNull(),
    // The HMAC key, sealed with the evidence keys like the probe's header (lib/vault/sealed-value.ts).
    secretSealed: text('secret_sealed').notNull(),
    secretKeyId: text('secret_key_id').notNull(),
    createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('webhooks_team_idx').on(t.teamId)],
);

export type Webhook = typeof webhooks.$inferSelect;

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    payload: text('payload').notNull(),
    state: text('state', { enum: webhookDeliveryStates }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('webhook_deliveries_hook_idx').on(t.webhookId, t.createdAt), index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt)],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

// ---- multi-factor sign-in (ADR 020) ----

/** A user's authenticator-app secret, sealed with the instance keys. Unconfirmed until a code proves the app has it. */
export const totpFactors = sqliteTable('totp_factors', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretSealed: text('secret_sealed').notNull(),
  secretKeyId: text('secret_key_id').notNull(),
  confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
  // The time step of the last accepted code: a code is accepted only for a later step, so none works twice.
  lastTimeStep: integer('last_time_step'),
  createdAt: createdAt(),
});

export type TotpFactor = typeof totpFactors.$inferSelect;

/** WebAuthn credentials (passkeys and security keys). The public key only; the private key never leaves the device. */
export const passkeys = sqliteTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // The credential id the authenticator chose, base64url.
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    // JSON array of transports the browser reported, passed back so it can find the key again.
    transports: text('transports').notNull().default('[]'),
    name: text('name').notNull(),
    discoverable: integer('discoverable', { mode: 'boolean' }).notNull().default(false),
    backedUp: integer('backed_up', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('passkeys_credential_idx').on(t.credentialId), index('passkeys_user_idx').on(t.userId)],
);

export type Passkey = typeof passkeys.$inferSelect;

/** Single-use recovery codes, stored as SHA-256 (they carry 80 random bits, so a hash cannot be searched back). */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recovery_codes_hash_idx').on(t.userId, t.codeHash)],
);

/**
 * A sign-in between its steps: the password passed and a second factor is due, or a passkey ceremony is under
 * way. The browser holds the token in an HttpOnly cookie; only its SHA-256 is here. No session exists yet.
 */
export const signInChallenges = sqliteTable(
  'sign_in_challenges',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose', { enum: signInChallengePurposes }).notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    // The WebAuthn challenge handed to the browser, until an assertion uses it.
    webauthnChallenge: text('webauthn_challenge'),
    // How the first step was passed (password, oidc), for the audit entry of the completed sign-in.
    firstFactor: text('first_factor'),
    ip: text('ip'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sign_in_challenges_user_idx').on(t.userId)],
);

/** Instance settings an admin changes on /admin/settings. One row (id 1); absent means the defaults. */
export const instanceSettings = sqliteTable('instance_settings', {
  id: integer('id').primaryKey(),
  mfaRequiredFor: text('mfa_required_for', { enum: mfaRequirements }).notNull().default('nobody'),
  passwordlessPasskeys: integer('passwordless_passkeys', { mode: 'boolean' }).notNull().default(false),
  oidcMfa: text('oidc_mfa', { enum: oidcMfaModes }).notNull().default('trust-idp'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
});

export type InstanceSettings = typeof instanceSettings.$inferSelect;
