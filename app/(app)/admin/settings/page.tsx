import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/current-user';
import { settingsForAdmin } from '@/db/queries/instance-settings';
import { hasSecondFactor } from '@/db/queries/mfa';
import { env } from '@/lib/env';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const actor = await requireAdminPage();
  const { updatedAt, ...settings } = settingsForAdmin(actor);
  return (
    <>
      <h1>Settings</h1>
      <p>Instance-wide rules for signing in. Every change is written to the audit log with its old and new value.</p>
      <SettingsForm settings={settings} oidcEnabled={env().oidcEnabled} lastChanged={updatedAt?.toISOString() ?? null} adminHasSecondFactor={hasSecondFactor(actor.id)} />
    </>
  );
}
