import { z } from 'zod';
import { EmailSchema, PersonNameSchema } from '@/lib/validation/account';
import { RoleSchema } from '@/lib/validation/team';

export { roleDescriptions } from '@/lib/validation/team';
export const AddMemberSchema = z.object({ teamId: z.uuid('Unknown team.'), email: EmailSchema, role: RoleSchema });
export type AddMemberInput = z.input<typeof AddMemberSchema>;
export const ChangeRoleSchema = z.object({ teamId: z.uuid('Unknown team.'), userId: z.uuid('Unknown user.'), role: RoleSchema });
export const RemoveMemberSchema = z.object({ teamId: z.uuid('Unknown team.'), userId: z.uuid('Unknown user.') });
/** An unknown email on the add-member form: an admin creates the account and adds it in one step. */
export const CreateMemberSchema = AddMemberSchema.extend({ name: PersonNameSchema });
export type CreateMemberInput = z.input<typeof CreateMemberSchema>;
