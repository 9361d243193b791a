import 'server-only';
import { AppError, ValidationError } from '@/lib/errors';

export const REPORT_MAX_BYTES = 50 * 1024 * 1024;

/** Reads a raw request body, refusing it as soon as it passes `maxBytes`, so a huge body is never held whole. */
export async function readReportBody(request: Request, maxBytes = REPORT_MAX_BYTES): Promise<Buffer> {
  if (!request.body) throw new ValidationError('Choose a report file to check.');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError(`Reports are far smaller than ${Math.round(maxBytes / 1024 / 1024)} MB; this file cannot be one.`, 413);
    }
    chunks.push(value);
  }
  if (size === 0) throw new ValidationError('The file is empty.');
  return Buffer.concat(chunks);
}
