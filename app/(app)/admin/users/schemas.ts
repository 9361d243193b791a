import { z } from 'zod';
import { EmailSchema, PersonNameSchema } from '@/lib/validation/account';

export const CreateUserSchema = z.object({ name: PersonNameSchema, email: EmailSchema, isAdmin: z.boolean() });
export type CreateUserInput = z.input<typeof CreateUserSchema>;

export const UserIdSchema = z.object({ userId: z.uuid('Unknown user.') });
export const SetDisabledSchema = UserIdSchema.extend({ disabled: z.boolean() });
export const SetAdminSchema = UserIdSchema.extend({ isAdmin: z.boolean() });
