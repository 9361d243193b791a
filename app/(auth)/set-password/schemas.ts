import type { z } from 'zod';
import { PasswordPairSchema } from '@/lib/validation/account';

export const SetPasswordSchema = PasswordPairSchema;
export type SetPasswordInput = z.input<typeof SetPasswordSchema>;
