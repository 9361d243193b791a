import { z } from 'zod';
import { teamRoles, type TeamRole } from '@/lib/domain/enums';

export const RoleSchema = z.enum(teamRoles, 'Choose member, reviewer or auditor.');

export const roleDescriptions: Record<TeamRole, string> = {
  member: 'Member: works on the team’s assessments',
  reviewer: 'Reviewer: signs items off',
  auditor: 'Auditor: read-only',
};
