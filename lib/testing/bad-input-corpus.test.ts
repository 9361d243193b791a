import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutation, mutationArb } from './bad-input-corpus';

describe('mutationArb', () => {
  it('mutates an input that has no fields by adding hostile ones (an action that takes nothing)', () => {
    const samples = fc.sample(mutationArb([]), { numRuns: 200, seed: 7 });
    expect(samples).toHaveLength(200);
    for (const m of samples) if (!('whole' in m)) for (const e of m.edits) expect(e.drop).toBeUndefined();
    expect(samples.some((m) => !('whole' in m))).toBe(true);
  });

  it('replaces, adds and drops the fields an input has', () => {
    const samples = fc.sample(mutationArb(['name', 'email']), { numRuns: 300, seed: 11 });
    const edits = samples.flatMap((m) => ('whole' in m ? [] : m.edits));
    expect(edits.some((e) => e.drop && ['name', 'email'].includes(e.key))).toBe(true);
    expect(edits.some((e) => !e.drop && !['name', 'email'].includes(e.key))).toBe(true);
    const dropped = applyMutation({ name: 'a', email: 'b' }, { edits: [{ key: 'name', drop: true }] });
    expect(dropped).toEqual({ email: 'b' });
  });
});
