import { describe, expect, it } from 'vitest';
import { auditMarkedContent } from '@/lib/testing/pdf-marked-content';
import { pdfProxy } from '@/lib/testing/pdf-render';
import { pdfText } from '@/lib/testing/pdf-text';
import { completeDisasterRecoveryPlan } from '@/lib/testing/plan-fixtures';
import { INTERNATIONAL_NAMES } from '@/lib/testing/report-fixture';
import { planToPdf } from './pdf';
import { currentTemplates } from './templates';

describe('plan PDF', () => {
  it('prints names in every script, is tagged throughout, and has an outline entry per section', async () => {
    const template = currentTemplates().get('disaster-recovery')!;
    const title = 'DR plan for Poker Planning';
    const content = completeDisasterRecoveryPlan();
    // The people in charge, one per line, as a team would list them.
    const [section, field] = Object.entries(content).flatMap(([sid, fields]) => Object.entries(fields).filter(([, v]) => typeof v === 'string').map(([fid]) => [sid, fid] as const))[0]!;
    content[section]![field] = INTERNATIONAL_NAMES.join('\n');
    const pdf = await planToPdf(template, content, { title, templateTitle: template.title, number: 3, publishedAt: new Date('2026-12-01T10:00:00Z'), publishedBy: '王芳', sha256: 'ab'.repeat(32), teamName: 'Çağrı’s team' });
    const { text, pages } = await pdfText(pdf);
    for (const name of INTERNATIONAL_NAMES) expect(text).toContain(name);
    expect(text).toContain('by 王芳');
    expect(text).not.toContain('?');
    expect(pages.at(-1)!.at(-1)).toBe(`${title} v3 · SHA-256 ${'ab'.repeat(8)}… · page ${pages.length} of ${pages.length}`);
    expect(auditMarkedContent(pdf)).toMatchObject({ untaggedText: 0, unbalanced: 0 });
    const outline = ((await (await pdfProxy(pdf)).getOutline()) as { title: string }[]).map((o) => o.title);
    expect(outline).toEqual(template.sections.map((s) => s.title));
  });
});
