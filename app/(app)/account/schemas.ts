import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '@/lib/auth/password-limits';
import { NewPasswordSchema } from '@/lib/validation/account';

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX_LENGTH, 'Too long.'),
    newPassword: NewPasswordSchema,
    confirmPassword: z.string().max(PASSWORD_MAX_LENGTH, 'Too long.'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' });
export type ChangePasswordInput = z.input<typeof ChangePasswordSchema>;
