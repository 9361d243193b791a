import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // "wOFF"

/**
 * A WOFF 1.0 font (W3C REC) back as the plain TrueType/OpenType file it wraps. fontkit reads WOFF itself, but it
 * inflates the tables again for every document; a plain font decoded once per process is read lazily and costs
 * almost nothing per report.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== WOFF_SIGNATURE) throw new Error('Not a WOFF 1.0 font.');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const entry = { tag: woff.readUInt32BE(at), offset: woff.readUInt32BE(at + 4), compLength: woff.readUInt32BE(at + 8), origLength: woff.readUInt32BE(at + 12), checksum: woff.readUInt32BE(at + 16) };
    const raw = woff.subarray(entry.offset, entry.offset + entry.compLength);
    // A table is stored compressed only when that made it smaller (section 5 of the spec).
    const data = entry.compLength < entry.origLength ? inflateSync(raw) : raw;
    if (data.length !== entry.origLength) throw new Error('A WOFF table does not inflate to its stated length.');
    return { ...entry, data };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + numTables * 16;
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(headerLength + tables.reduce((sum, t) => sum + padded(t.origLength), 0));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerLength;
  // The table directory is sorted by tag in both formats, so the order carries over.
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.origLength, at + 12);
    t.data.copy(out, offset);
    offset += padded(t.origLength);
  });
  return out;
}
