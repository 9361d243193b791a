import { describe, expect, it } from 'vitest';
import { UploadParamsSchema } from '@/lib/validation/evidence-upload';
import { LinkEvidenceSchema, TextEvidenceSchema } from './evidence-schemas';

const target = { assessmentId: crypto.randomUUID(), catalogItemId: 'secrets-rotated' };
const firstMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

describe('evidence input', () => {
  it('accepts an https link and refuses other schemes, huge addresses and empty titles', () => {
    expect(LinkEvidenceSchema.safeParse({ ...target, title: 'Policy', url: 'https://wiki.example.com/p', validUntil: '' }).success).toBe(true);
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://x.example.com', 'not a url']) {
      expect(firstMessage(LinkEvidenceSchema.safeParse({ ...target, title: 'x', url, validUntil: '' })), url).toBe('Enter an http or https address.');
    }
    expect(firstMessage(LinkEvidenceSchema.safeParse({ ...target, title: 'x', url: `https://e.com/${'a'.repeat(2050)}`, validUntil: '' }))).toBe('Use at most 2,048 characters.');
    expect(firstMessage(LinkEvidenceSchema.safeParse({ ...target, title: '  ', url: 'https://e.com', validUntil: '' }))).toBe('Give the link a title.');
    expect(firstMessage(LinkEvidenceSchema.safeParse({ ...target, title: 'x', url: 'https://e.com', validUntil: '10000-01-01' }))).toBe('Enter a date like 2027-03-31.');
  });

  it('limits notes and refuses an unknown item id', () => {
    expect(firstMessage(TextEvidenceSchema.safeParse({ ...target, title: 'n', body: 'x'.repeat(20_001), validUntil: '' }))).toBe('A note holds at most 20,000 characters.');
    expect(firstMessage(TextEvidenceSchema.safeParse({ ...target, title: 'n', body: '   ', validUntil: '' }))).toBe('Write the note.');
    expect(TextEvidenceSchema.safeParse({ ...target, catalogItemId: '../x', title: 'n', body: 'b', validUntil: '' }).success).toBe(false);
  });

  it('checks upload parameters before any byte is read', () => {
    expect(UploadParamsSchema.safeParse({ ...target, name: 'a.pdf' }).success).toBe(true);
    expect(firstMessage(UploadParamsSchema.safeParse({ ...target, name: '' }))).toBe('The file needs a name.');
    expect(firstMessage(UploadParamsSchema.safeParse({ ...target, name: 'a.pdf', assessmentId: 'nope' }))).toBe('Unknown assessment.');
    expect(UploadParamsSchema.safeParse({ ...target, name: 'a.pdf', replaces: 'x' }).success).toBe(false);
    expect(UploadParamsSchema.safeParse({ ...target, name: 'a.pdf', validUntil: '2027-02-30' }).success).toBe(false);
  });
});
