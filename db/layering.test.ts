// The data layer's internal helpers take the caller's transaction (`tx: Executor`) and trust it to have checked
// the actor. Pages, actions and routes must call the query functions that take the actor instead; ESLint keeps them
// from opening the database, and this test keeps them from importing a helper that would need one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourcesUnder(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Exported functions of a query module whose first parameter is a transaction. */
function txHelpers(moduleFile: string): Set<string> {
  const text = readFileSync(moduleFile, 'utf8');
  return new Set([...text.matchAll(/export function (\w+)\(\s*tx: Executor/g)].map((m) => m[1]!));
}

describe('layering', () => {
  it('keeps transaction-taking helpers inside db/', () => {
    const queriesDir = path.join(root, 'db', 'queries');
    const helpers = new Map(readdirSync(queriesDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => [f.replace(/\.ts$/, ''), txHelpers(path.join(queriesDir, f))]));
    expect([...helpers.values()].reduce((n, s) => n + s.size, 0), 'the scan finds the helpers it guards').toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const file of sourcesUnder(path.join(root, 'app'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/import (?:type )?\{([^}]*)\} from '@\/db\/queries\/([\w-]+)'/g)) {
        const names = m[1]!.split(',').map((n) => n.replace(/\btype\b/, '').split(' as ')[0]!.trim()).filter(Boolean);
        for (const name of names) if (helpers.get(m[2]!)?.has(name)) leaks.push(`${path.relative(root, file)} imports ${name} from db/queries/${m[2]}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('keeps lib/ free of the database and the app', () => {
    const offenders = sourcesUnder(path.join(root, 'lib')).filter((file) => /from '(@\/db|@\/app)[/']/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
