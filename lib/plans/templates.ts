import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { TemplateSchema, type PlanTemplate } from './template-schema';

export class TemplateError extends Error {}

/** Parses and validates one template; every problem is named with its path. */
export function parseTemplate(source: string, label: string): PlanTemplate {
  let raw: unknown;
  try {
    raw = parse(source);
  } catch (e) {
    throw new TemplateError(`${label}: not valid YAML (${(e as Error).message})`);
  }
  const parsed = TemplateSchema.safeParse(raw);
  if (!parsed.success) throw new TemplateError(parsed.error.issues.map((i) => `${label}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'));
  return parsed.data;
}

export function loadTemplates(dir: string): Map<string, PlanTemplate> {
  const templates = new Map<string, PlanTemplate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const template = parseTemplate(readFileSync(path.join(dir, file), 'utf8'), file);
    if (`${template.id}.yaml` !== file) throw new TemplateError(`${file}: declares id "${template.id}"`);
    templates.set(template.id, template);
  }
  return templates;
}

export const TEMPLATES_DIR = path.join(process.cwd(), 'content', 'templates');

let current: Map<string, PlanTemplate> | undefined;

/** The templates shipped in content/templates, loaded once per process. */
export function currentTemplates(): Map<string, PlanTemplate> {
  current ??= loadTemplates(TEMPLATES_DIR);
  return current;
}
