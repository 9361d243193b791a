import { eq, inArray } from 'drizzle-orm';
import { alertTitle } from '@/lib/alerts/rules';
import type { AuditEntryFields, AuditNames } from '@/lib/audit/describe';
import { currentCatalog } from '@/lib/catalog/load';
import { assessmentItems, assessments, evidence, planVersions, plans, securityAlerts, teams, users } from '../schema';
import type { Executor } from './executor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function collectIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, into);
  }
}

function detailsOf(details: string): unknown {
  try {
    return JSON.parse(details);
  } catch {
    return null;
  }
}

/**
 * Names for every id the given entries mention (actor, target, and any id inside the details), looked up in one
 * query per kind of record. Admin-only callers: the audit log shows names across all teams.
 */
export function auditNames(tx: Executor, entries: AuditEntryFields[]): AuditNames {
  const ids = new Set<string>();
  for (const e of entries) {
    if (e.actorId) ids.add(e.actorId);
    if (e.targetId && UUID.test(e.targetId)) ids.add(e.targetId);
    collectIds(detailsOf(e.details), ids);
  }
  const list = [...ids];
  const catalog = currentCatalog();
  const catalogTitle = (id: string) => catalog.itemsById.get(id)?.title;
  const names: AuditNames = {
    users: new Map(),
    teams: new Map(),
    assessments: new Map(),
    items: new Map(),
    evidence: new Map(),
    plans: new Map(),
    planVersions: new Map(),
    alerts: new Map(),
    catalogTitle,
  };
  if (!list.length) return names;
  for (const u of tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, list)).all()) names.users.set(u.id, { name: u.name, email: u.email });
  for (const t of tx.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, list)).all()) names.teams.set(t.id, t.name);
  for (const a of tx.select({ id: assessments.id, appName: assessments.appName }).from(assessments).where(inArray(assessments.id, list)).all()) names.assessments.set(a.id, a.appName);
  const items = tx
    .select({ id: assessmentItems.id, catalogItemId: assessmentItems.catalogItemId, appName: assessments.appName })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(inArray(assessmentItems.id, list))
    .all();
  for (const i of items) names.items.set(i.id, `${catalogTitle(i.catalogItemId) ?? i.catalogItemId} (${i.appName})`);
  for (const e of tx.select({ id: evidence.id, name: evidence.name }).from(evidence).where(inArray(evidence.id, list)).all()) names.evidence.set(e.id, e.name);
  for (const p of tx.select({ id: plans.id, title: plans.title }).from(plans).where(inArray(plans.id, list)).all()) names.plans.set(p.id, p.title);
  for (const v of tx.select({ id: planVersions.id, title: planVersions.title, number: planVersions.number }).from(planVersions).where(inArray(planVersions.id, list)).all()) {
    names.planVersions.set(v.id, `${v.title}, version ${v.number}`);
  }
  for (const a of tx.select({ id: securityAlerts.id, kind: securityAlerts.kind, subject: securityAlerts.subjectLabel }).from(securityAlerts).where(inArray(securityAlerts.id, list)).all()) {
    names.alerts.set(a.id, `${alertTitle(a.kind)}: ${a.subject}`);
  }
  return names;
}
