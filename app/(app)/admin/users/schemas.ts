import { z } from 'zod';
import { EmailSchema, PersonNameSchema } from '@/lib/validation/account';
import { RoleSchema } from '@/lib/validation/team';

/** teamId '' means no team; with a team, the role says what the person does in it. */
export const CreateUserSchema = z.object({
  name: PersonNameSchema,
  email: EmailSchema,
  isAdmin: z.boolean(),
  teamId: z.union([z.literal(''), z.uuid('Choose a team from the list.')]).default(''),
  role: RoleSchema.default('member'),
});
export type CreateUserInput = z.input<typeof CreateUserSchema>;

export const UserIdSchema = z.object({ userId: z.uuid('Unknown user.') });
export const SetDisabledSchema = UserIdSchema.extend({ disabled: z.boolean() });
export const SetAdminSchema = UserIdSchema.extend({ isAdmin: z.boolean() });
