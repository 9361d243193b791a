import { z } from 'zod';
import { teamRoles } from '@/db/schema';
import { EmailSchema } from '@/lib/validation/account';

export const RoleSchema = z.enum(teamRoles, 'Choose member, reviewer or auditor.');
export const AddMemberSchema = z.object({ teamId: z.uuid('Unknown team.'), email: EmailSchema, role: RoleSchema });
export type AddMemberInput = z.input<typeof AddMemberSchema>;
export const ChangeRoleSchema = z.object({ teamId: z.uuid('Unknown team.'), userId: z.uuid('Unknown user.'), role: RoleSchema });
export const RemoveMemberSchema = z.object({ teamId: z.uuid('Unknown team.'), userId: z.uuid('Unknown user.') });

export const roleDescriptions: Record<(typeof teamRoles)[number], string> = {
  member: 'Member: works on the team’s assessments',
  reviewer: 'Reviewer: signs items off',
  auditor: 'Auditor: read-only',
};
