import { z } from 'zod';
import { allSeedRefs, seedSections } from './seed-sections';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase kebab-case');
const prose = z.string().trim().min(1);

export const ProfileQuestionSchema = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'must be camelCase'),
  question: prose,
  help: prose.optional(),
  notApplicableReason: prose,
});

export const CategorySchema = z.object({ slug, title: prose, description: prose });

export const CatalogIndexSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version like 1.0.0'),
  released: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
  title: prose,
  source: z.object({ title: prose, lastUpdated: z.union([z.string(), z.date()]).optional() }),
  profileQuestions: z.array(ProfileQuestionSchema).min(1),
  categories: z.array(CategorySchema).min(1),
});

const AppliesWhenSchema = z
  .object({ all: z.array(z.string()).min(1).optional(), any: z.array(z.string()).min(1).optional() })
  .strict()
  .refine((a) => a.all || a.any, 'appliesWhen needs `all` or `any`');

export const ItemSchema = z
  .object({
    id: slug.min(3).max(60),
    origin: z.enum(['source', 'added']),
    seedRef: z.string().regex(/^[a-z0-9-]+#\d+$/, 'must look like <section-slug>#<n>').optional(),
    title: prose.max(120),
    severity: z.enum(['high', 'medium', 'low']),
    why: prose,
    verify: prose,
    acceptanceCriteria: z
      .array(z.object({ id: z.string().regex(/^ac\d+$/), text: prose }))
      .min(2, 'needs 2 to 5 acceptance criteria')
      .max(5, 'needs 2 to 5 acceptance criteria'),
    expectedEvidence: z.array(prose).min(1),
    appliesWhen: AppliesWhenSchema.optional(),
    references: z.array(z.object({ standard: prose, id: prose, title: prose.optional() })).min(1),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.origin === 'source' && !item.seedRef) ctx.addIssue({ code: 'custom', message: 'a source item needs a seedRef' });
    if (item.origin === 'added' && item.seedRef) ctx.addIssue({ code: 'custom', message: 'an added item has no seedRef' });
    const ids = item.acceptanceCriteria.map((c) => c.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'acceptance criteria ids repeat' });
  });

export const CategoryFileSchema = z.object({ category: slug, items: z.array(ItemSchema).min(1) });

export type ProfileQuestion = z.infer<typeof ProfileQuestionSchema>;
export type CatalogItem = z.infer<typeof ItemSchema> & { category: string };
export type CatalogCategory = z.infer<typeof CategorySchema> & { items: CatalogItem[] };
export type Catalog = Omit<z.infer<typeof CatalogIndexSchema>, 'categories'> & {
  categories: CatalogCategory[];
  items: CatalogItem[];
  itemsById: Map<string, CatalogItem>;
};

/** Cross-item rules a per-item schema cannot see. Returns every problem, not just the first. */
export function findCatalogProblems(catalog: Catalog): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const item of catalog.items) {
    if (seen.has(item.id)) problems.push(`duplicate item id "${item.id}"`);
    seen.add(item.id);
  }
  const known = new Set(allSeedRefs());
  const covered = new Set<string>();
  for (const item of catalog.items) {
    if (!item.seedRef) continue;
    if (!known.has(item.seedRef)) problems.push(`item "${item.id}" cites unknown seedRef "${item.seedRef}"`);
    else if (!item.seedRef.startsWith(`${item.category}#`))
      problems.push(`item "${item.id}" cites "${item.seedRef}" but sits in category "${item.category}"`);
    covered.add(item.seedRef);
  }
  for (const ref of known) if (!covered.has(ref)) problems.push(`seedRef "${ref}" is not covered by any item`);
  const sectionSlugs = new Set<string>(seedSections.map((s) => s.slug));
  for (const cat of catalog.categories) {
    if (!sectionSlugs.has(cat.slug)) problems.push(`category "${cat.slug}" is not a section of the source`);
  }
  for (const s of sectionSlugs) {
    if (!catalog.categories.some((c) => c.slug === s)) problems.push(`section "${s}" has no category`);
  }
  const questionIds = new Set(catalog.profileQuestions.map((q) => q.id));
  if (questionIds.size !== catalog.profileQuestions.length) problems.push('profile question ids repeat');
  for (const item of catalog.items) {
    for (const q of [...(item.appliesWhen?.all ?? []), ...(item.appliesWhen?.any ?? [])]) {
      if (!questionIds.has(q)) problems.push(`item "${item.id}" depends on unknown profile question "${q}"`);
    }
  }
  return problems;
}
