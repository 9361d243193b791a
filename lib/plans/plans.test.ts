import { describe, expect, it } from 'vitest';
import { completeness, emptyContent, keepValidContent, planContentSchema, type PlanContent } from './content';
import { currentTemplates, parseTemplate, TemplateError } from './templates';

const templates = currentTemplates();
const ir = templates.get('incident-response')!;
const dr = templates.get('disaster-recovery')!;

const minimalTemplate = `
id: tiny
version: 1
title: Tiny
summary: A tiny plan
sections:
  - id: one
    title: One
    fields:
      - { id: a, type: text, label: A, required: true, maxLength: 10 }
`;

describe('plan templates', () => {
  it('ships an incident-response and a disaster-recovery template that validate', () => {
    expect([...templates.keys()].sort()).toEqual(['disaster-recovery', 'incident-response']);
    expect(ir.sections.map((s) => s.id)).toEqual(['scope', 'contacts', 'severity', 'detection', 'response', 'communication', 'aftermath']);
    const contacts = ir.sections.find((s) => s.id === 'contacts')!.fields[0]!;
    expect(contacts.type === 'list' && contacts.fields.map((f) => f.id)).toEqual(['name', 'role', 'email', 'phone', 'deputy']);
    const systems = dr.sections.find((s) => s.id === 'systems')!.fields[0]!;
    expect(systems.type === 'list' && systems.fields.map((f) => f.id)).toEqual(['name', 'owner', 'rtoHours', 'rpoHours', 'dependencies']);
  });

  it('accepts a minimal template', () => {
    expect(parseTemplate(minimalTemplate, 'tiny.yaml').sections).toHaveLength(1);
  });

  it.each([
    ['a duplicate section id', minimalTemplate.replace('sections:', 'sections:\n  - { id: one, title: Again, fields: [{ id: b, type: text, label: B, maxLength: 5 }] }'), /section ids must be unique/],
    ['an unknown field type', minimalTemplate.replace('type: text', 'type: colour'), /sections\.0\.fields\.0/],
    ['a text field without a length limit', minimalTemplate.replace(', maxLength: 10', ''), /sections\.0\.fields\.0/],
    ['a number whose min exceeds its max', minimalTemplate.replace('{ id: a, type: text, label: A, required: true, maxLength: 10 }', '{ id: a, type: number, label: A, min: 5, max: 1 }'), /min must not exceed max/],
    ['a list without fields', minimalTemplate.replace('{ id: a, type: text, label: A, required: true, maxLength: 10 }', '{ id: a, type: list, label: A, itemLabel: Row, maxItems: 3, fields: [] }'), /fields/],
    ['an unknown key', minimalTemplate.replace('summary:', 'colour: red\nsummary:'), /colour|Unrecognized/i],
    ['broken YAML', 'id: [unclosed', /not valid YAML/],
  ])('rejects %s', (_, source, message) => {
    expect(() => parseTemplate(source, 'bad.yaml')).toThrow(TemplateError);
    expect(() => parseTemplate(source, 'bad.yaml')).toThrow(message);
  });
});

function errorsOf(result: ReturnType<ReturnType<typeof planContentSchema>['safeParse']>): Record<string, string> {
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('plan content', () => {
  const draft = planContentSchema(dr, 'draft');
  const publish = planContentSchema(dr, 'publish');
  const system = { name: 'DB', owner: 'Platform', rtoHours: '4', rpoHours: '1', dependencies: '' };

  it('lets a draft be empty but not out of limits', () => {
    expect(draft.safeParse(emptyContent(dr)).success).toBe(true);
    expect(draft.safeParse({}).success).toBe(true);
    const errors = errorsOf(
      draft.safeParse({
        systems: { critical: [{ ...system, rtoHours: '-2' }] },
        restore: { steps: Array.from({ length: 1000 }, (_, i) => `step ${i}`) },
        failover: { failover: 'x'.repeat(1_000_000) },
        backups: { retentionDays: '1.5' },
      }),
    );
    expect(errors).toEqual({
      'systems.critical.0.rtoHours': 'Enter 0 or more.',
      'restore.steps': 'At most 200 steps.',
      'failover.failover': 'Use at most 5,000 characters.',
      'backups.retentionDays': 'Enter a whole number.',
    });
  });

  it('checks contact emails', () => {
    const errors = errorsOf(planContentSchema(ir, 'draft').safeParse({ contacts: { people: [{ name: 'Dana', role: 'Lead', email: 'dana at example', phone: '', deputy: '' }] } }));
    expect(errors).toEqual({ 'contacts.people.0.email': 'Enter an email address like name@example.com.' });
  });

  it('demands every required field when publishing', () => {
    const errors = errorsOf(publish.safeParse(emptyContent(dr)));
    expect(errors['systems.critical']).toBe('Add at least 1 system.');
    expect(errors['backups.frequency']).toBe('How often is required.');
    expect(errors['restore.steps']).toBe('Add at least 1 step.');
    expect(errors['exercises.lastExerciseDate']).toBeUndefined();
  });

  it('measures completeness per section', () => {
    const content: PlanContent = emptyContent(dr);
    content.systems!.critical = [system];
    content.backups!.frequency = 'Nightly';
    content.backups!.scope = 'Database';
    content.restore!.steps = ['  '];
    const bySection = Object.fromEntries(completeness(dr, content).map((c) => [c.sectionId, c]));
    expect(bySection.systems).toMatchObject({ filled: 1, required: 1, percent: 100, missing: [] });
    expect(bySection.backups).toMatchObject({ filled: 2, required: 5, percent: 40, missing: ['Where', 'Encrypted how', 'Retention (days)'] });
    expect(bySection.restore).toMatchObject({ filled: 0, percent: 0 });
    // A list row missing a required cell does not count as filled.
    content.systems!.critical = [system, { ...system, owner: '' }];
    expect(completeness(dr, content).find((c) => c.sectionId === 'systems')!.percent).toBe(0);
  });
});

describe('keeping the valid part of a draft', () => {
  it('blanks only the bad cell of a row and keeps every other field, row and step', () => {
    const c = emptyContent(ir);
    c.severity!.levels = [
      { name: 'SEV-1', definition: 'Everything down', responseMinutes: '15' },
      { name: 'SEV-2', definition: 'Partly down', responseMinutes: '1 hour' },
    ];
    const { content, invalid } = keepValidContent(ir, c);
    expect(invalid).toEqual([{ path: 'severity.levels.1.responseMinutes', message: 'Enter a number.' }]);
    expect(content.severity!.levels).toEqual([
      { name: 'SEV-1', definition: 'Everything down', responseMinutes: '15' },
      { name: 'SEV-2', definition: 'Partly down', responseMinutes: '' },
    ]);
    expect(planContentSchema(ir, 'draft').safeParse(content).success).toBe(true);
  });

  it('cuts a list over its limit, blanks an over-long step and a bad scalar, and leaves a valid draft untouched', () => {
    const c = emptyContent(dr);
    c.restore!.steps = ['Restore', 'x'.repeat(100_000), 'Replay'];
    c.backups!.retentionDays = '-5';
    const { content, invalid } = keepValidContent(dr, c);
    expect(invalid.map((i) => i.path).sort()).toEqual(['backups.retentionDays', 'restore.steps.1']);
    expect(content.restore!.steps).toEqual(['Restore', '', 'Replay']);
    expect(content.backups!.retentionDays).toBe('');
    const tooMany = emptyContent(dr);
    tooMany.restore!.steps = Array.from({ length: 1000 }, (_, i) => `step ${i}`);
    expect((keepValidContent(dr, tooMany).content.restore!.steps as string[]).length).toBe(200);
    const fine = emptyContent(dr);
    expect(keepValidContent(dr, fine)).toEqual({ content: planContentSchema(dr, 'draft').parse(fine), invalid: [] });
  });
});
