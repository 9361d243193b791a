import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_DIR, loadCatalog } from './load';
import { allSeedRefs } from './seed-sections';

function copyCatalog(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  cpSync(CATALOG_DIR, dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string) {
  const p = path.join(dir, file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}

describe('catalog', () => {
  const catalog = loadCatalog(CATALOG_DIR);

  it('covers all 33 bullets of the source by seedRef', () => {
    const refs = allSeedRefs();
    expect(refs).toHaveLength(33);
    const covered = new Set(catalog.items.map((i) => i.seedRef));
    expect(refs.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('gives the SDLC section at least four items of our own', () => {
    const sdlc = catalog.categories.find((c) => c.slug === 'sdlc');
    expect(sdlc?.items.length).toBeGreaterThanOrEqual(4);
    expect(sdlc?.items.every((i) => i.origin === 'added' && !i.seedRef)).toBe(true);
  });

  it('has a semantic version and unique ids', () => {
    expect(catalog.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(catalog.items.map((i) => i.id)).size).toBe(catalog.items.length);
  });

  it('rejects a duplicate id', () => {
    const dir = copyCatalog();
    edit(dir, 'logging.yaml', (t) => t.replace(/- id: [a-z0-9-]+/, '- id: session-cookie-flags'));
    expect(() => loadCatalog(dir)).toThrow(/duplicate item id "session-cookie-flags"/);
  });

  it('rejects an unknown seedRef', () => {
    const dir = copyCatalog();
    edit(dir, 'logging.yaml', (t) => t.replace('seedRef: logging#2', 'seedRef: logging#7'));
    expect(() => loadCatalog(dir)).toThrow(/unknown seedRef "logging#7"/);
  });

  it('rejects a bullet left uncovered', () => {
    const dir = copyCatalog();
    edit(dir, 'egress-traffic.yaml', (t) => t.replaceAll('seedRef: egress-traffic#2', 'seedRef: egress-traffic#1'));
    expect(() => loadCatalog(dir)).toThrow(/"egress-traffic#2" is not covered/);
  });

  it('rejects an item with one acceptance criterion and names the file', () => {
    const dir = copyCatalog();
    edit(dir, 'cryptography.yaml', (t) => t.replace(/acceptanceCriteria:\n(\s+- id: ac1\n\s+text: .*\n)(\s+- id: ac2[\s\S]*?)(?=\s+expectedEvidence)/, 'acceptanceCriteria:\n$1'));
    expect(() => loadCatalog(dir)).toThrow(/cryptography\.yaml: items\.0\.acceptanceCriteria: needs 2 to 5/);
  });

  it('rejects a dependency on an undefined profile question', () => {
    const dir = copyCatalog();
    edit(dir, 'egress-traffic.yaml', (t) => t.replace('makesOutboundRequests', 'callsTheMoon'));
    expect(() => loadCatalog(dir)).toThrow(/unknown profile question "callsTheMoon"/);
  });
});
