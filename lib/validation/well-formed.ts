/**
 * The path to the first string in `value` that is not well-formed UTF-16, or null. A lone surrogate (half of an
 * emoji, say) has no UTF-8 encoding: SQLite would keep bytes that read back as three replacement characters, so
 * what was stored would differ from what was checked and hashed. Iterative, so no nesting depth overflows it.
 */
export function malformedTextPath(value: unknown): (string | number)[] | null {
  type Entry = { value: unknown; parent: Entry | null; key: string | number | null };
  const stack: Entry[] = [{ value, parent: null, key: null }];
  const seen = new Set<object>();
  while (stack.length) {
    const entry = stack.pop()!;
    const v = entry.value;
    if (typeof v === 'string') {
      if (v.isWellFormed()) continue;
      const path: (string | number)[] = [];
      for (let e: Entry | null = entry; e && e.key !== null; e = e.parent) path.unshift(e.key);
      return path;
    }
    if (!v || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ value: x, parent: entry, key: i }));
    else for (const [k, x] of Object.entries(v)) stack.push({ value: x, parent: entry, key: k });
  }
  return null;
}
