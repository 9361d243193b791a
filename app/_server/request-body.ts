import 'server-only';
import { AppError, ValidationError } from '@/lib/errors';
import { readCappedBytes } from '@/lib/security/action-request';

export const REPORT_MAX_BYTES = 50 * 1024 * 1024;

/** A report file sent as the raw request body, refused as soon as it passes `maxBytes`. */
export async function readReportBody(request: Request, maxBytes = REPORT_MAX_BYTES): Promise<Buffer> {
  if (!request.body) throw new ValidationError('Choose a report file to check.');
  const bytes = await readCappedBytes(request.body, maxBytes);
  if (bytes === null) throw new AppError(`Reports are far smaller than ${Math.round(maxBytes / 1024 / 1024)} MB; this file cannot be one.`, 413);
  if (bytes.byteLength === 0) throw new ValidationError('The file is empty.');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
