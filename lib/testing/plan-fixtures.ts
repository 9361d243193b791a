import { emptyContent, type PlanContent } from '@/lib/plans/content';
import { currentTemplates } from '@/lib/plans/templates';

/** A disaster-recovery plan with every required field filled, ready to publish. */
export function completeDisasterRecoveryPlan(): PlanContent {
  const c = emptyContent(currentTemplates().get('disaster-recovery')!);
  c.systems!.critical = [{ name: 'DB', owner: 'Platform', rtoHours: '4', rpoHours: '1', dependencies: '' }];
  Object.assign(c.backups!, { scope: 'Database', frequency: 'Nightly', location: 'Second region', encryption: 'AES-256', retentionDays: '35' });
  c.restore!.steps = ['Restore the snapshot', 'Replay the WAL'];
  c.failover!.failover = 'Manual';
  c.communication!.communication = 'Status page';
  c.exercises!.schedule = 'Quarterly';
  return c;
}
