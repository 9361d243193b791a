import { describe, expect, it } from 'vitest';
import { describeAppliesWhen, isApplicable, notApplicableReason } from './applicability';

const questions = [
  { id: 'connectApp', question: 'Is this a Connect app?', notApplicableReason: 'The app is not a Connect app.' },
  { id: 'usesS3', question: 'Does it use S3?', notApplicableReason: 'No object storage.' },
  { id: 'hasDomains', question: 'Does it own domains?', notApplicableReason: 'No domains.' },
];

describe('applicability', () => {
  it('applies an item without conditions to every app', () => {
    expect(isApplicable({}, {})).toBe(true);
    expect(notApplicableReason({}, {}, questions)).toBeNull();
    expect(describeAppliesWhen({}, questions)).toBe('Every app');
  });

  it('needs every `all` answer to be yes', () => {
    const item = { appliesWhen: { all: ['connectApp', 'usesS3'] } };
    expect(isApplicable(item, { connectApp: true, usesS3: true })).toBe(true);
    expect(isApplicable(item, { connectApp: true })).toBe(false);
    expect(notApplicableReason(item, { connectApp: true, usesS3: false }, questions)).toBe('No object storage.');
    expect(notApplicableReason(item, {}, questions)).toBe('The app is not a Connect app. No object storage.');
  });

  it('needs one `any` answer to be yes', () => {
    const item = { appliesWhen: { any: ['usesS3', 'hasDomains'] } };
    expect(isApplicable(item, { hasDomains: true })).toBe(true);
    expect(isApplicable(item, { usesS3: false, hasDomains: false })).toBe(false);
    expect(notApplicableReason(item, {}, questions)).toBe('No object storage. No domains.');
  });

  it('describes conditions with the profile questions', () => {
    expect(describeAppliesWhen({ appliesWhen: { all: ['connectApp'] } }, questions)).toBe('Only when the answer is yes to Is this a Connect app?');
  });
});
