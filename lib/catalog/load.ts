import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { CatalogIndexSchema, CategoryFileSchema, findCatalogProblems, type Catalog, type CatalogItem } from './schema';

export class CatalogError extends Error {}

function describe(file: string, error: z.ZodError): string {
  return error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CatalogError(`${file}: not valid YAML (${(e as Error).message})`);
  }
}

/** Reads and validates a catalog folder: index.yaml plus one <category>.yaml per category. Throws with every problem found. */
export function loadCatalog(dir: string): Catalog {
  const indexParsed = CatalogIndexSchema.safeParse(readYaml(path.join(dir, 'index.yaml')));
  if (!indexParsed.success) throw new CatalogError(describe('index.yaml', indexParsed.error));
  const index = indexParsed.data;

  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'index.yaml');
  const itemsByCategory = new Map<string, CatalogItem[]>();
  const errors: string[] = [];
  for (const file of files) {
    const parsed = CategoryFileSchema.safeParse(readYaml(path.join(dir, file)));
    if (!parsed.success) {
      errors.push(describe(file, parsed.error));
      continue;
    }
    if (`${parsed.data.category}.yaml` !== file) errors.push(`${file}: declares category "${parsed.data.category}"`);
    const list = itemsByCategory.get(parsed.data.category) ?? [];
    list.push(...parsed.data.items.map((i) => ({ ...i, category: parsed.data.category })));
    itemsByCategory.set(parsed.data.category, list);
  }
  for (const cat of itemsByCategory.keys()) {
    if (!index.categories.some((c) => c.slug === cat)) errors.push(`${cat}.yaml: category is not listed in index.yaml`);
  }
  if (errors.length) throw new CatalogError(errors.join('\n'));

  const categories = index.categories.map((c) => ({ ...c, items: itemsByCategory.get(c.slug) ?? [] }));
  const items = categories.flatMap((c) => c.items);
  const catalog: Catalog = { ...index, categories, items, itemsById: new Map(items.map((i) => [i.id, i])) };
  const problems = findCatalogProblems(catalog);
  if (problems.length) throw new CatalogError(problems.join('\n'));
  return catalog;
}

export const CATALOG_DIR = path.join(process.cwd(), 'content', 'catalog');

let current: Catalog | undefined;

/** The catalog shipped in content/, loaded once per process. */
export function currentCatalog(): Catalog {
  current ??= loadCatalog(CATALOG_DIR);
  return current;
}
