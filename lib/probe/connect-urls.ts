// Finds every URL a Connect descriptor tells the product to call, the way the product would build it.

/** Keys whose URLs name static resources (icons, help pages) that the product fetches without a JWT by design. */
const STATIC_RESOURCE_KEYS = new Set(['icon', 'icons', 'documentation', 'imagePlaceholder']);

export type AppUrl = {
  /** Absolute URL with context variables filled in and no fragment. */
  url: string;
  /** Where in the descriptor it was declared, e.g. `modules.generalPages[2].url`; several when declared twice. */
  from: string[];
};

export type SkippedUrl = { raw: string; from: string; reason: string };

export type CollectedUrls = { urls: AppUrl[]; skipped: SkippedUrl[] };

type Declared = { raw: string; from: string };

/** Every `url` under `modules`, at any depth, in arrays and single objects alike. */
export function findModuleUrls(modules: unknown): Declared[] {
  const found: Declared[] = [];
  walk(modules, 'modules', found, false);
  return found;
}

function walk(node: unknown, path: string, found: Declared[], productRelative: boolean): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, `${path}[${index}]`, found, productRelative));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  // A web item with `context: product` links into the product itself, not to the app.
  const relativeToProduct = productRelative || record.context === 'product';
  for (const [key, value] of Object.entries(record)) {
    if (STATIC_RESOURCE_KEYS.has(key)) continue;
    const childPath = `${path}.${key}`;
    if (key === 'url' && typeof value === 'string') {
      if (!relativeToProduct || /^https?:\/\//i.test(value)) found.push({ raw: value, from: childPath });
      continue;
    }
    walk(value, childPath, found, relativeToProduct);
  }
}

/**
 * Replaces Connect context variables (`{project.key}`, `${issue.id}`, `{condition.is_admin}`) with harmless values, so
 * the URL reaches the route behind it. Ids become a number because routes often parse them before anything else.
 */
export function fillContextVariables(template: string): string {
  return template.replace(/\$?\{([^{}]*)\}/g, (_match, name: string) => {
    const variable = name.trim().toLowerCase();
    if (variable.startsWith('condition.')) return 'true';
    if (/(^|\.)id$/.test(variable)) return '10000';
    return 'preflight';
  });
}

/** Resolves a descriptor URL as Connect does: relative URLs hang off baseUrl, including any path it has. */
export function resolveAppUrl(raw: string, baseUrl: string): URL | null {
  const filled = fillContextVariables(raw.trim());
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(filled) ? filled : `${baseUrl.replace(/\/+$/, '')}/${filled.replace(/^\/+/, '')}`;
  try {
    const url = new URL(absolute);
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/**
 * Resolves, filters and dedupes declared URLs. Only URLs on baseUrl's origin are kept: a link to someone else's site
 * is not the app's to defend, and the probe does not send forged tokens to hosts it was not pointed at.
 */
export function collectAppUrls(declared: Declared[], baseUrl: string): CollectedUrls {
  const origin = new URL(baseUrl).origin;
  const byUrl = new Map<string, AppUrl>();
  const skipped: SkippedUrl[] = [];
  for (const { raw, from } of declared) {
    const url = resolveAppUrl(raw, baseUrl);
    if (!url) {
      skipped.push({ raw, from, reason: 'not a valid URL' });
      continue;
    }
    if (url.origin !== origin) {
      skipped.push({ raw, from, reason: `not on ${origin}` });
      continue;
    }
    const existing = byUrl.get(url.href);
    if (existing) existing.from.push(from);
    else byUrl.set(url.href, { url: url.href, from: [from] });
  }
  return { urls: [...byUrl.values()], skipped };
}
