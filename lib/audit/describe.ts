import { statusLabels } from '@/lib/checklist/statuses';

/**
 * Turns a stored audit entry into words for the audit-log page: who, what, on what, and the details as labelled
 * values, with the ids resolved to names by the caller (db/queries/audit.ts looks them up). Kept free of storage
 * so the wording can be tested alone. Anything it does not know is still shown, with a label made from its key.
 */

export type AuditEntryFields = {
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: string;
};

/** Names for ids found in entries. A missing id means the record is gone (or never was one of ours). */
export type AuditNames = {
  users: Map<string, { name: string; email: string }>;
  teams: Map<string, string>;
  assessments: Map<string, string>;
  /** assessment-item id → "Item title (App name)" */
  items: Map<string, string>;
  evidence: Map<string, string>;
  plans: Map<string, string>;
  planVersions: Map<string, string>;
  alerts: Map<string, string>;
  /** Catalog item id → title */
  catalogTitle: (catalogItemId: string) => string | undefined;
};

export type AuditDetail = { label: string; value: string };
export type DescribedAuditEntry = { actor: string; action: string; target: string | null; details: AuditDetail[] };

const ACTIONS: Record<string, string> = {
  'access.denied': 'Access refused',
  'alert.acknowledged': 'Alert acknowledged',
  'api-token.created': 'API token created',
  'api-token.refused': 'API token refused',
  'api-token.revoked': 'API token revoked',
  'assessment.archived': 'Assessment archived',
  'assessment.catalog-upgraded': 'Catalog upgraded',
  'assessment.created': 'Assessment created',
  'assessment.launch-approved': 'Launch approved',
  'assessment.reopened': 'Assessment reopened',
  'assessment.restored': 'Assessment restored',
  'assessment.updated': 'Assessment settings changed',
  'auth.oidc.linked': 'Single sign-on identity linked',
  'auth.admin-without-mfa': 'Admin signed in without a second factor',
  'auth.mfa.disabled': 'Multi-factor sign-in turned off',
  'auth.mfa.failed': 'Wrong second factor',
  'auth.mfa.passkey-added': 'Passkey added',
  'auth.mfa.passkey-removed': 'Passkey removed',
  'auth.mfa.recovery-code-used': 'Recovery code used',
  'auth.mfa.recovery-codes-generated': 'Recovery codes made',
  'auth.mfa.totp-enrolled': 'Authenticator app set up',
  'auth.mfa.totp-removed': 'Authenticator app turned off',
  'auth.sign-in.failed': 'Sign-in failed',
  'auth.sign-in.first-factor': 'Single sign-on passed; second step due',
  'auth.sign-in.succeeded': 'Signed in',
  'auth.signed-out': 'Signed out',
  'evidence.added': 'Evidence added',
  'evidence.deleted': 'Evidence deleted',
  'evidence.downloaded': 'Evidence downloaded',
  'evidence.integrity-failed': 'Evidence failed its integrity check',
  'evidence.purged': 'Evidence purged',
  'evidence.replaced': 'Evidence replaced',
  'item.changes-requested': 'Changes requested',
  'item.signed-off': 'Item signed off',
  'item.status-changed': 'Item status changed',
  'keys.rotated': 'Evidence keys rotated',
  'plan.created': 'Plan created',
  'probe.failed': 'Probe run failed',
  'probe.finished': 'Probe run finished',
  'probe.started': 'Probe run started',
  'probe.target-updated': 'Probe target changed',
  'plan.exported': 'Plan exported',
  'plan.published': 'Plan version published',
  'report.exported': 'Report exported',
  'report.verified': 'Report checked',
  'report.public-verified': 'Report checked on the public page',
  'report.signing-key-activated': 'Report signing key activated',
  'team.created': 'Team created',
  'team.member-added': 'Added to team',
  'team.member-removed': 'Removed from team',
  'team.role-changed': 'Team role changed',
  'user.admin-granted': 'Made an admin',
  'user.admin-revoked': 'Admin role removed',
  'user.created': 'Account created',
  'user.disabled': 'Account disabled',
  'user.enabled': 'Account enabled',
  'user.password-changed': 'Password changed',
  'user.password-link-issued': 'Set-password link issued',
  'user.password-set': 'Password set',
  'user.mfa-reset': 'Multi-factor sign-in reset',
  'settings.updated': 'Instance settings changed',
  'webhook.created': 'Webhook added',
  'webhook.deleted': 'Webhook deleted',
  'webhook.disabled': 'Webhook disabled',
};

const LABELS: Record<string, string> = {
  activeKeyId: 'Active key',
  admin: 'Instance admin',
  appName: 'App',
  assessmentId: 'Assessment',
  baseUrl: 'Address probed',
  catalogItemId: 'Item',
  catalogVersion: 'Catalog version',
  digest: 'Signed digest',
  droppedDeliveries: 'Deliveries not sent',
  deliveries: 'Deliveries in its log',
  displayPrefix: 'Token prefix',
  emailVerified: 'Email verified',
  evidence: 'Evidence',
  excluded: 'Items no longer applying',
  expiresAt: 'Expires',
  exportId: 'Export',
  how: 'How',
  included: 'Items now applying',
  linked: 'Newly linked',
  newAccount: 'New account',
  number: 'Version',
  origin: 'Destination',
  otherSessionsEnded: 'Other sessions ended',
  profileChanged: 'Profile changed',
  runId: 'Probe run',
  passed: 'Checks passed',
  failed: 'Checks failed',
  filedItems: 'Items with probe evidence',
  secretChanged: 'Sign-in header',
  replaces: 'Replaces',
  rewrapped: 'Keys re-wrapped',
  scopes: 'Scopes',
  sha256: 'SHA-256',
  signedItems: 'Items signed off',
  sizeBytes: 'Size',
  subject: 'Subject',
  supersededEvidence: 'Evidence superseded',
  teamId: 'Team',
  tokenId: 'API token',
  templateId: 'Template',
  userId: 'Person',
  via: 'Through',
};

const VIA: Record<string, string> = { setup: 'first-admin setup', admin: 'an admin', cli: 'the command line' };

/** "otherSessionsEnded" → "Other sessions ended", for keys no one gave a label. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? humanizeKey(action);
}

function personName(names: AuditNames, id: string): string | undefined {
  const user = names.users.get(id);
  return user ? `${user.name} (${user.email})` : undefined;
}

const TARGET_TYPES: Record<string, { label: string; name: (names: AuditNames, id: string) => string | undefined }> = {
  user: { label: 'User', name: personName },
  team: { label: 'Team', name: (n, id) => n.teams.get(id) },
  assessment: { label: 'Assessment', name: (n, id) => n.assessments.get(id) },
  'assessment-item': { label: 'Item', name: (n, id) => n.items.get(id) },
  evidence: { label: 'Evidence', name: (n, id) => n.evidence.get(id) },
  plan: { label: 'Plan', name: (n, id) => n.plans.get(id) },
  'plan-version': { label: 'Plan version', name: (n, id) => n.planVersions.get(id) },
  alert: { label: 'Alert', name: (n, id) => n.alerts.get(id) },
  'admin-function': { label: 'Admin pages', name: () => '' },
  // Tokens are not named from the database: the entry's details carry the name and prefix.
  'api-token': { label: 'API token', name: () => '' },
};

function describeTarget(type: string | null, id: string | null, names: AuditNames): string | null {
  if (!type) return null;
  const known = TARGET_TYPES[type];
  if (!known) return `${humanizeKey(type)} ${id ?? ''}`.trim();
  if (!id) return known.label;
  const name = known.name(names, id);
  if (name === '') return known.label;
  return name ? `${known.label}: ${name}` : `${known.label} ${id} (deleted)`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any id the page can put a name to, whatever key it came under. */
function nameForId(names: AuditNames, id: string): string | undefined {
  return (
    personName(names, id) ??
    names.teams.get(id) ??
    names.assessments.get(id) ??
    names.items.get(id) ??
    names.evidence.get(id) ??
    names.plans.get(id) ??
    names.planVersions.get(id) ??
    names.alerts.get(id)
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function formatValue(key: string, value: unknown, names: AuditNames): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return key === 'sizeBytes' ? formatBytes(value) : String(value);
  if (typeof value === 'string') {
    if (key === 'catalogItemId') return names.catalogTitle(value) ?? value;
    if (key === 'via') return VIA[value] ?? value;
    if ((key === 'from' || key === 'to' || key === 'status') && value in statusLabels) return statusLabels[value as keyof typeof statusLabels];
    if (UUID.test(value)) {
      const name = nameForId(names, value);
      const wanted = key === 'userId' || key === 'teamId' || key === 'assessmentId' || key === 'replaces';
      return name ?? (wanted ? `${value} (deleted)` : value);
    }
    return value;
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => formatValue(key, v, names)).join(', ') : 'none';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Evidence lists are [{ id, sha256 }]: the name says which, the hash stays in the raw entry.
    if (typeof record.id === 'string' && UUID.test(record.id)) return nameForId(names, record.id) ?? `${record.id} (deleted)`;
    return Object.entries(record)
      .map(([k, v]) => `${LABELS[k] ?? humanizeKey(k)}: ${formatValue(k, v, names)}`)
      .join('; ');
  }
  return String(value);
}

function parseDetails(details: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    return { value: details };
  }
}

export function describeAuditEntry(entry: AuditEntryFields, names: AuditNames): DescribedAuditEntry {
  const actorName = entry.actorId ? personName(names, entry.actorId) : undefined;
  const details = Object.entries(parseDetails(entry.details)).map(([key, value]) => ({ label: LABELS[key] ?? humanizeKey(key), value: formatValue(key, value, names) }));
  return {
    actor: actorName ?? entry.actorLabel ?? (entry.actorId ? `User ${entry.actorId} (deleted)` : '—'),
    action: actionLabel(entry.action),
    target: describeTarget(entry.targetType, entry.targetId, names),
    details,
  };
}
