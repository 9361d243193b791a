import { describe, expect, it } from 'vitest';
import { IsoDateSchema, ItemUpdateSchema, NOTES_MAX, TEXT_MAX, type ItemUpdateInput } from './item-schema';

const ASSESSMENT_ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const OWNER_ID = '0b9e6f0a-1c2d-4e3f-a4b5-c6d7e8f90a1b';

const minimal: ItemUpdateInput = {
  assessmentId: ASSESSMENT_ID,
  catalogItemId: 'secrets-rotated',
  version: 1,
  status: 'met',
  justification: '',
  gapResponse: '',
  gapText: '',
  gapDueDate: '',
  riskAcceptedById: '',
  ownerId: '',
  dueDate: '',
  notes: '',
  criteriaMet: [],
};

const parse = (overrides: Partial<Record<keyof ItemUpdateInput, unknown>>) => ItemUpdateSchema.safeParse({ ...minimal, ...overrides });

/** path → messages, in the order the schema reported them. */
function issues(overrides: Partial<Record<keyof ItemUpdateInput, unknown>>): Record<string, string[]> {
  const result = parse(overrides);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[issue.path.join('.')] ??= []).push(issue.message);
  return out;
}

const NA_MESSAGE = 'Explain why this item does not apply (at least 10 characters).';
const GAP_RESPONSE_MESSAGE = 'Choose a plan to close the gap or a risk acceptance.';
const PLAN_TEXT_MESSAGE = 'Say what is missing and how it will be closed (at least 10 characters).';
const RISK_TEXT_MESSAGE = 'Say which risk is accepted and why (at least 10 characters).';
const RISK_WHO_MESSAGE = 'Choose who accepts the risk.';
const RISK_UNTIL_MESSAGE = 'Say until when the risk is accepted.';
const GAP_DATE_MESSAGE = 'Say by when the gap will be closed.';
const FORMAT_MESSAGE = 'Enter a date like 2027-03-31.';
const NO_SUCH_DATE_MESSAGE = 'This date does not exist.';
const RANGE_MESSAGE = 'Choose a date between the years 2000 and 2100.';

describe('ItemUpdateSchema: basics', () => {
  it('accepts a minimal valid input unchanged', () => {
    const result = parse({});
    expect(result.success).toBe(true);
    expect(result.data).toEqual(minimal);
  });

  it.each(['not_started', 'in_progress', 'met'] as const)('accepts status %s with nothing else filled in', (status) => {
    expect(issues({ status })).toEqual({});
  });

  it('rejects an unknown status', () => {
    expect(issues({ status: 'done' })).toEqual({ status: ['Choose a status.'] });
    expect(issues({ status: '' })).toEqual({ status: ['Choose a status.'] });
    expect(issues({ status: 'MET' })).toEqual({ status: ['Choose a status.'] });
  });

  it('accepts an empty ownerId or a uuid, nothing else', () => {
    expect(issues({ ownerId: '' })).toEqual({});
    expect(issues({ ownerId: OWNER_ID })).toEqual({});
    expect(parse({ ownerId: OWNER_ID }).data?.ownerId).toBe(OWNER_ID);
    expect(issues({ ownerId: 'alice' })).toEqual({ ownerId: ['Choose a person from the list.'] });
    expect(issues({ ownerId: '0b9e6f0a-1c2d-4e3f-a4b5' })).toEqual({ ownerId: ['Choose a person from the list.'] });
    expect(parse({ ownerId: null }).success).toBe(false);
    expect(parse({ ownerId: ' ' }).success).toBe(false);
  });

  it('needs a uuid assessment id, a catalog item slug and a positive integer version', () => {
    expect(Object.keys(issues({ assessmentId: 'not-a-uuid' }))).toEqual(['assessmentId']);
    expect(Object.keys(issues({ catalogItemId: 'Secrets_Rotated' }))).toEqual(['catalogItemId']);
    expect(Object.keys(issues({ catalogItemId: 'ab' }))).toEqual(['catalogItemId']);
    expect(Object.keys(issues({ catalogItemId: 'a'.repeat(61) }))).toEqual(['catalogItemId']);
    expect(issues({ catalogItemId: 'a'.repeat(60) })).toEqual({});
    expect(Object.keys(issues({ version: 0 }))).toEqual(['version']);
    expect(Object.keys(issues({ version: 1.5 }))).toEqual(['version']);
    expect(Object.keys(issues({ version: '1' }))).toEqual(['version']);
  });

  it('accepts up to 10 criteria ids of the form acN', () => {
    expect(issues({ criteriaMet: ['ac1', 'ac12'] })).toEqual({});
    expect(Object.keys(issues({ criteriaMet: ['ac1', 'x1'] }))).toEqual(['criteriaMet.1']);
    expect(Object.keys(issues({ criteriaMet: Array.from({ length: 11 }, (_, i) => `ac${i}`) }))).toEqual(['criteriaMet']);
    expect(issues({ criteriaMet: Array.from({ length: 10 }, (_, i) => `ac${i}`) })).toEqual({});
  });
});

describe('ItemUpdateSchema: not applicable', () => {
  it('needs a justification of at least 10 characters', () => {
    expect(issues({ status: 'not_applicable' })).toEqual({ justification: [NA_MESSAGE] });
    expect(issues({ status: 'not_applicable', justification: '123456789' })).toEqual({ justification: [NA_MESSAGE] });
    expect(issues({ status: 'not_applicable', justification: '1234567890' })).toEqual({});
  });

  it('counts the justification after trimming spaces', () => {
    expect(issues({ status: 'not_applicable', justification: `   ${'x'.repeat(9)}        ` })).toEqual({ justification: [NA_MESSAGE] });
    expect(parse({ status: 'not_applicable', justification: '  No servers at all.  ' }).data?.justification).toBe('No servers at all.');
  });

  it('does not ask other statuses for a justification', () => {
    expect(issues({ status: 'met', justification: 'short' })).toEqual({});
  });

  it('limits the justification to TEXT_MAX characters', () => {
    expect(TEXT_MAX).toBe(5000);
    expect(issues({ status: 'not_applicable', justification: 'x'.repeat(5000) })).toEqual({});
    expect(issues({ status: 'not_applicable', justification: 'x'.repeat(5001) })).toEqual({ justification: ['Use at most 5,000 characters.'] });
  });
});

describe('ItemUpdateSchema: gaps', () => {
  it.each(['partially_met', 'not_met'] as const)('%s needs a gap response and a gap text', (status) => {
    expect(issues({ status })).toEqual({ gapResponse: [GAP_RESPONSE_MESSAGE], gapText: [PLAN_TEXT_MESSAGE] });
  });

  it.each(['partially_met', 'not_met'] as const)('%s with a plan needs a gap text of 10+ characters and a date', (status) => {
    expect(issues({ status, gapResponse: 'plan', gapText: 'Too short' })).toEqual({ gapText: [PLAN_TEXT_MESSAGE], gapDueDate: [GAP_DATE_MESSAGE] });
    expect(issues({ status, gapResponse: 'plan', gapText: 'Rotate keys quarterly from Q3.' })).toEqual({ gapDueDate: [GAP_DATE_MESSAGE] });
    expect(issues({ status, gapResponse: 'plan', gapText: 'Rotate keys quarterly from Q3.', gapDueDate: '2027-03-31' })).toEqual({});
  });

  it.each(['partially_met', 'not_met'] as const)('%s with a risk acceptance names who accepts it and until when', (status) => {
    expect(issues({ status, gapResponse: 'risk_acceptance', gapText: 'short' })).toEqual({ gapText: [RISK_TEXT_MESSAGE], riskAcceptedById: [RISK_WHO_MESSAGE], gapDueDate: [RISK_UNTIL_MESSAGE] });
    expect(issues({ status, gapResponse: 'risk_acceptance', gapText: 'Legacy TLS stays for one partner until it migrates.' })).toEqual({ riskAcceptedById: [RISK_WHO_MESSAGE], gapDueDate: [RISK_UNTIL_MESSAGE] });
    expect(issues({ status, gapResponse: 'risk_acceptance', gapText: 'Legacy TLS stays for one partner until it migrates.', riskAcceptedById: OWNER_ID })).toEqual({ gapDueDate: [RISK_UNTIL_MESSAGE] });
    expect(issues({ status, gapResponse: 'risk_acceptance', gapText: 'Legacy TLS stays for one partner until it migrates.', riskAcceptedById: 'the CTO', gapDueDate: '2027-01-31' })).toEqual({ riskAcceptedById: ['Choose a person from the list.'] });
    expect(issues({ status, gapResponse: 'risk_acceptance', gapText: 'Legacy TLS stays for one partner until it migrates.', riskAcceptedById: OWNER_ID, gapDueDate: '2027-01-31' })).toEqual({});
  });

  it('counts the gap text after trimming', () => {
    expect(issues({ status: 'not_met', gapResponse: 'risk_acceptance', riskAcceptedById: OWNER_ID, gapDueDate: '2027-01-31', gapText: `      ${'y'.repeat(9)}      ` })).toEqual({ gapText: [RISK_TEXT_MESSAGE] });
  });

  it('rejects an unknown gap response', () => {
    expect(Object.keys(issues({ status: 'met', gapResponse: 'later' }))).toEqual(['gapResponse']);
  });

  it('does not ask met or not-applicable items for a gap response', () => {
    expect(issues({ status: 'met', gapResponse: '', gapText: '' })).toEqual({});
    expect(issues({ status: 'not_applicable', justification: 'The app has no servers.', gapResponse: '' })).toEqual({});
  });
});

describe('dates', () => {
  it('accepts real dates from 2000-01-01 through 2100-12-31', () => {
    for (const d of ['2000-01-01', '2024-02-29', '2027-03-31', '2100-12-31']) expect(IsoDateSchema.safeParse(d).success, d).toBe(true);
    expect(issues({ dueDate: '2027-03-31' })).toEqual({});
    expect(issues({ dueDate: '' })).toEqual({});
  });

  // The first message is the one a person sees: both the form resolver and parseInput keep the first per field.
  it.each([
    ['10000-01-01', FORMAT_MESSAGE],
    ['tomorrow', FORMAT_MESSAGE],
    ['2027-3-1', FORMAT_MESSAGE],
    ['2027-02-30', NO_SUCH_DATE_MESSAGE],
    ['2023-02-29', NO_SUCH_DATE_MESSAGE],
    ['2027-13-01', NO_SUCH_DATE_MESSAGE],
    ['1999-12-31', RANGE_MESSAGE],
    ['2101-01-01', RANGE_MESSAGE],
  ])('rejects %s with "%s" first', (value, message) => {
    const result = IsoDateSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
    for (const field of ['dueDate', 'gapDueDate'] as const) {
      const got = issues({ status: 'not_met', gapResponse: 'plan', gapText: 'Close it by adding checks.', gapDueDate: '2027-06-30', [field]: value });
      expect(Object.keys(got)).toEqual([field]);
      expect(got[field]![0]).toBe(message);
    }
  });

  it('gives a date that exists but is out of range exactly one message', () => {
    expect(issues({ dueDate: '1999-12-31' })).toEqual({ dueDate: [RANGE_MESSAGE] });
    expect(issues({ dueDate: '2101-01-01' })).toEqual({ dueDate: [RANGE_MESSAGE] });
    expect(issues({ dueDate: '2027-02-30' })).toEqual({ dueDate: [NO_SUCH_DATE_MESSAGE] });
  });
});

describe('notes', () => {
  it('holds up to 20,000 characters', () => {
    expect(NOTES_MAX).toBe(20_000);
    expect(issues({ notes: 'n'.repeat(20_000) })).toEqual({});
    expect(issues({ notes: 'n'.repeat(20_001) })).toEqual({ notes: ['Notes can hold at most 20,000 characters.'] });
  });

  it('keeps notes as written, without trimming', () => {
    expect(parse({ notes: '  indented\n' }).data?.notes).toBe('  indented\n');
  });
});
