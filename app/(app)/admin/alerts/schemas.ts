import { z } from 'zod';

export const AcknowledgeAlertSchema = z.object({ alertId: z.uuid() });
