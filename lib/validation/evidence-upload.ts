import { z } from 'zod';
import { IsoDateSchema } from '@/lib/checklist/item-schema';

export const UploadParamsSchema = z.object({
  assessmentId: z.uuid('Unknown assessment.'),
  catalogItemId: z.string().regex(/^[a-z0-9-]{3,60}$/, 'Unknown item.'),
  name: z.string().min(1, 'The file needs a name.').max(4096, 'The file name is too long.'),
  replaces: z.uuid().optional(),
  validUntil: IsoDateSchema.optional(),
});
