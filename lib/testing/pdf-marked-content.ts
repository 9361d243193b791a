import { inflateSync } from 'node:zlib';

export type MarkedContentAudit = { streams: number; textObjects: number; untaggedText: number; unbalanced: number };

/**
 * Reads every page content stream of a PDF written by pdfkit and checks the marked-content operators: each text
 * object (BT … ET) must sit inside a marked-content sequence (a tagged structure element or an artifact), and
 * every BDC/BMC must be closed by an EMC. What a PDF/UA checker reports as "content neither tagged nor artifact".
 */
export function auditMarkedContent(pdf: Buffer): MarkedContentAudit {
  const raw = pdf.toString('latin1');
  const audit: MarkedContentAudit = { streams: 0, textObjects: 0, untaggedText: 0, unbalanced: 0 };
  // pdfkit's page contents are deflated streams whose dictionary holds only Length and Filter; font files carry
  // Length1 or a Subtype, and are skipped.
  const stream = /<<\s*\/Length (\d+)\s*\/Filter \/FlateDecode\s*>>\s*stream\r?\n/g;
  for (let m = stream.exec(raw); m; m = stream.exec(raw)) {
    const start = m.index + m[0].length;
    const body = inflateSync(pdf.subarray(start, start + Number(m[1]))).toString('latin1');
    if (!/\bBT\b/.test(body) && !/\bBDC\b/.test(body)) continue;
    audit.streams += 1;
    let depth = 0;
    for (const token of body.split(/[\s[\]()<>]+/)) {
      if (token === 'BDC' || token === 'BMC') depth += 1;
      else if (token === 'EMC') {
        depth -= 1;
        if (depth < 0) {
          audit.unbalanced += 1;
          depth = 0;
        }
      } else if (token === 'BT') {
        audit.textObjects += 1;
        if (depth === 0) audit.untaggedText += 1;
      }
    }
    if (depth !== 0) audit.unbalanced += 1;
  }
  return audit;
}
