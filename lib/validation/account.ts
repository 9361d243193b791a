import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/auth/password-limits';

export const EmailSchema = z
  .string()
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'));

export const PersonNameSchema = z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.');

export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const PasswordPairSchema = z
  .object({ password: NewPasswordSchema, confirmPassword: z.string().max(PASSWORD_MAX_LENGTH, 'Too long.') })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' });
