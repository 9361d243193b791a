import { fileTypeFromBuffer } from 'file-type';
import { extensionOf } from './filename';

/** What teams really upload as evidence. Each extension lists the detected types that may stand behind it. */
const ALLOWED: Record<string, { mime: string; detected: string[] | 'text' }> = {
  pdf: { mime: 'application/pdf', detected: ['pdf'] },
  png: { mime: 'image/png', detected: ['png'] },
  jpg: { mime: 'image/jpeg', detected: ['jpg'] },
  jpeg: { mime: 'image/jpeg', detected: ['jpg'] },
  gif: { mime: 'image/gif', detected: ['gif'] },
  webp: { mime: 'image/webp', detected: ['webp'] },
  zip: { mime: 'application/zip', detected: ['zip'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', detected: ['docx', 'zip'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', detected: ['xlsx', 'zip'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', detected: ['pptx', 'zip'] },
  doc: { mime: 'application/msword', detected: ['cfb'] },
  xls: { mime: 'application/vnd.ms-excel', detected: ['cfb'] },
  ppt: { mime: 'application/vnd.ms-powerpoint', detected: ['cfb'] },
  txt: { mime: 'text/plain', detected: 'text' },
  log: { mime: 'text/plain', detected: 'text' },
  md: { mime: 'text/markdown', detected: 'text' },
  markdown: { mime: 'text/markdown', detected: 'text' },
  csv: { mime: 'text/csv', detected: 'text' },
  json: { mime: 'application/json', detected: 'text' },
  har: { mime: 'application/json', detected: 'text' },
  yaml: { mime: 'application/yaml', detected: 'text' },
  yml: { mime: 'application/yaml', detected: 'text' },
};

export const ALLOWED_EXTENSIONS = Object.keys(ALLOWED);
export const SNIFF_BYTES = 4100;
const ALLOWED_MIMES = new Set(Object.values(ALLOWED).map((a) => a.mime));

export function isAllowedMime(mime: string | null | undefined): mime is string {
  return !!mime && ALLOWED_MIMES.has(mime);
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A multi-byte character may be cut at the end of the sniff window; ignore up to 3 trailing bytes.
  for (let cut = 0; cut <= 3 && cut <= head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try a shorter prefix
    }
  }
  return false;
}

export type TypeVerdict = { ok: true; mime: string } | { ok: false; message: string };

/** Checks the first bytes of a file against its extension: both must name an allowed type, and agree. */
export async function checkFileType(filename: string, head: Buffer): Promise<TypeVerdict> {
  const ext = extensionOf(filename);
  const rule = ALLOWED[ext];
  if (!rule) return { ok: false, message: `Files of type ".${ext || '(none)'}" are not accepted. Allowed: ${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(', ')}.` };
  const detected = await fileTypeFromBuffer(head);
  if (rule.detected === 'text') {
    if (detected || !looksLikeText(head)) return { ok: false, message: `This file is not plain text, so it cannot be a .${ext} file.` };
    return { ok: true, mime: rule.mime };
  }
  if (!detected || !rule.detected.includes(detected.ext)) {
    return { ok: false, message: `The content of this file${detected ? ` (${detected.ext})` : ''} does not match its .${ext} extension.` };
  }
  return { ok: true, mime: rule.mime };
}
