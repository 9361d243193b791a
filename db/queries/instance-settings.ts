import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import type { MfaRequirement, OidcMfaMode } from '@/lib/domain/enums';
import { getDb } from '../index';
import { instanceSettings } from '../schema';
import { requireAdmin } from './access';
import { appendAudit } from './audit';
import type { Executor } from './executor';

export type Settings = { mfaRequiredFor: MfaRequirement; passwordlessPasskeys: boolean; oidcMfa: OidcMfaMode };

export const DEFAULT_SETTINGS: Settings = { mfaRequiredFor: 'nobody', passwordlessPasskeys: false, oidcMfa: 'trust-idp' };

/** Read on every sign-in and (when MFA is required) every request; one indexed row. */
export function readSettings(tx: Executor): Settings {
  const row = tx.select().from(instanceSettings).where(eq(instanceSettings.id, 1)).get();
  return row ? { mfaRequiredFor: row.mfaRequiredFor, passwordlessPasskeys: row.passwordlessPasskeys, oidcMfa: row.oidcMfa } : DEFAULT_SETTINGS;
}

/** For the sign-in pages, before anyone is signed in: needs no actor, since the settings hold no secret. */
export function signInSettings(): Settings {
  return readSettings(getDb());
}

export function settingsForAdmin(actor: Actor): Settings & { updatedAt: Date | null } {
  requireAdmin(actor);
  const row = getDb().select({ updatedAt: instanceSettings.updatedAt }).from(instanceSettings).where(eq(instanceSettings.id, 1)).get();
  return { ...readSettings(getDb()), updatedAt: row?.updatedAt ?? null };
}

/** Saves the settings and audits what changed (old and new values); unchanged fields are not mentioned. */
export function updateSettings(actor: Actor, next: Settings): { changed: (keyof Settings)[] } {
  requireAdmin(actor);
  return getDb().transaction(
    (tx) => {
      const before = readSettings(tx);
      const changed = (Object.keys(next) as (keyof Settings)[]).filter((k) => before[k] !== next[k]);
      if (changed.length === 0) return { changed };
      const values = { ...next, updatedAt: new Date(), updatedById: actor.id };
      tx.insert(instanceSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: instanceSettings.id, set: values }).run();
      appendAudit(tx, {
        action: 'settings.updated',
        actor,
        target: { type: 'instance', id: 'settings' },
        details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: next[k] }])),
      });
      return { changed };
    },
    { behavior: 'immediate' },
  );
}
