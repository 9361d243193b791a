import { z } from 'zod';
import { RegistrationResponseSchema } from '@/lib/validation/passkey';

export const PASSKEY_NAME_MAX = 60;

export const TotpCodeSchema = z.object({ code: z.string().trim().min(1, 'Enter the 6-digit code your app shows.').max(32, 'That is too long for a code.') });

export const PasskeyNameSchema = z.object({ name: z.string().trim().min(1, 'Give the passkey a name, such as “Work laptop”.').max(PASSKEY_NAME_MAX, `At most ${PASSKEY_NAME_MAX} characters.`) });

export const AddPasskeySchema = PasskeyNameSchema.extend({ response: RegistrationResponseSchema });

export const PasskeyIdSchema = z.object({ passkeyId: z.uuid('Not a passkey id.') });

export const WRONG_ENROLMENT_CODE = 'That code does not match. Check that the app shows “Preflight” with your email, and enter the newest code.';
