import { describe, expect, it } from 'vitest';
import { malformedTextPath } from './well-formed';

describe('malformedTextPath', () => {
  it('finds a lone surrogate wherever it sits and says where', () => {
    expect(malformedTextPath({ title: 'ok', content: { steps: ['fine', 'half \uD83D emoji'] } })).toEqual(['content', 'steps', 1]);
    expect(malformedTextPath('\uDC00')).toEqual([]);
  });

  it('passes well-formed text, emoji included, and values that are not text', () => {
    expect(malformedTextPath({ name: 'Zoë \u{1F468}\u200D\u{1F469}', n: 1, b: true, none: null, list: [] })).toBeNull();
  });

  it('walks any depth without overflowing the stack', () => {
    let deep: unknown = 'a\uD800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(malformedTextPath(deep)).toHaveLength(100_000);
  });
});
