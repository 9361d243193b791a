import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A small but valid PDF with some random bytes in a comment so every test file is distinct. */
export function pdfFile(label = 'Evidence'): Buffer {
  const body = `%PDF-1.4\n%${randomBytes(8).toString('hex')}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ${label}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.concat([Buffer.from(body, 'latin1'), randomBytes(20_000)]);
}

/** A real 1×1 PNG, followed by random bytes after IEND (ignored by viewers) so every test file is distinct. */
export function pngFile(): Buffer {
  const png = Buffer.from('89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000A49444154789C63000100000500010D0A2DB40000000049454E44AE426082', 'hex');
  return Buffer.concat([png, randomBytes(50_000)]);
}

export function elfFile(): Buffer {
  return Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(5000)]);
}
