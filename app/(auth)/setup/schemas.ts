import { z } from 'zod';
import { EmailSchema, PasswordPairSchema, PersonNameSchema } from '@/lib/validation/account';

export const SetupSchema = z.object({ name: PersonNameSchema, email: EmailSchema }).and(PasswordPairSchema);
export type SetupInput = z.input<typeof SetupSchema>;
