// The app's own route table, read from the production build the e2e server runs: every page, route handler and
// server action there is. Security suites iterate over it, so a new entry point is tested (or fails the suite)
// without anyone remembering to add it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type RouteKind = 'page' | 'route';
export type RouteEntry = { kind: RouteKind; pattern: string };
export type ActionEntry = { id: string; name: string; file: string; pages: string[] };

const NEXT_DIR = path.join(process.cwd(), '.next');
// Next's own error pages and the favicon: not ours to authorize.
const FRAMEWORK = new Set(['/_not-found', '/_global-error', '/icon.svg']);

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(NEXT_DIR, file), 'utf8')) as T;
}

/** Every page and route handler of the build, as URL patterns such as /teams/[teamId]/plans. */
export function appRoutes(): RouteEntry[] {
  const manifest = readJson<Record<string, string>>('app-path-routes-manifest.json');
  return Object.entries(manifest)
    .filter(([, pattern]) => !FRAMEWORK.has(pattern))
    .map(([entry, pattern]) => ({ kind: entry.endsWith('/route') ? ('route' as const) : ('page' as const), pattern }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The URL pattern a build entry such as "app/(app)/teams/[teamId]/page" serves. */
function patternOf(entry: string): string {
  const p = entry
    .replace(/^app/, '')
    .replace(/\/(page|route)$/, '')
    .split('/')
    .filter((seg) => !(seg.startsWith('(') && seg.endsWith(')')))
    .join('/');
  return p || '/';
}

/** Every server action of the build, with the pages whose bundles can run it (an action is posted to one of them). */
export function serverActions(): ActionEntry[] {
  const manifest = readJson<{ node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> }>('server/server-reference-manifest.json');
  return Object.entries(manifest.node)
    .map(([id, a]) => ({ id, name: a.exportedName, file: a.filename, pages: Object.keys(a.workers).map(patternOf) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Fills a pattern's [params] from `values`; throws if one is missing, so a route is never probed half-filled. */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    return encodeURIComponent(v);
  });
}
