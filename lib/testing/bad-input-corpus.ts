// The bad-input corpus both test layers feed through every form, action and route: a fixed list of named hostile
// inputs (so a failure names what broke) plus fast-check arbitraries that wander further. Pure data, no I/O.
import fc from 'fast-check';

function nestedArray(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function nestedObject(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

export const DEEP_NESTING = 10_000;

/** Hostile strings, each where a string is expected. */
export const HOSTILE_STRINGS: Record<string, string> = {
  'xss script tag': '<script>alert(1)</script>',
  'xss attribute breakout': '"><img src=x onerror=alert(document.cookie)>',
  'xss javascript url': 'javascript:alert(1)',
  'xss svg onload': '<svg/onload=alert(1)>',
  'sql tautology': "' OR '1'='1' --",
  'sql stacked drop': "'; DROP TABLE users; --",
  'sql union': "x' UNION SELECT password_hash FROM users --",
  'path traversal': '../../../../etc/passwd',
  'path traversal encoded': '..%2f..%2f..%2fetc%2fpasswd',
  'path traversal windows': '..\\..\\..\\windows\\win.ini',
  'nul byte': 'name\u0000.pdf',
  'control characters': '\u0001\u0007\u0008\u001b[31mred\u001b[0m',
  'crlf header injection': 'a\r\nSet-Cookie: x=1',
  'c1 controls': 'a\u0085b\u009bc',
  'bidi override': 'invoice\u202Efdp.exe',
  'bidi isolates': '\u2066admin\u2069\u2067x',
  'homoglyph email': '\u0430dmin@ex\u0430mple.com',
  'zero width': 'ad\u200Bmin\uFEFF',
  'lone surrogate': 'a\uD800b\uDFFF',
  'combining flood': `Z${'\u0336'.repeat(500)}`,
  'emoji sequence': '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  'template injection': '${7*7}{{7*7}}<%= 7*7 %>',
  'format string': '%s%s%n%x',
  'prototype key': '__proto__',
  'constructor key': 'constructor',
  'whitespace only': ' \t\n\u00a0\u3000',
  empty: '',
  'number-like': '1e309',
  'rsc reference lookalike': '$1:__proto__:then',
  'oversize 64 KiB': 'A'.repeat(65_536),
  'oversize 300 KiB multibyte': '\u20ac'.repeat(100_000),
};

/** Hostile values of the wrong type, each where something else is expected; all survive JSON. */
export const HOSTILE_JSON_VALUES: Record<string, unknown> = {
  number: 42,
  'negative number': -1,
  float: 1.5,
  'huge number': 1e308,
  true: true,
  false: false,
  null: null,
  'empty array': [],
  'string array': ['a', 'b'],
  'empty object': {},
  'proto pollution': JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown,
  'constructor pollution': { constructor: { prototype: { polluted: 'yes' } } },
  'deep array': nestedArray(DEEP_NESTING),
  'deep object': nestedObject(DEEP_NESTING),
  'huge array': Array.from({ length: 100_000 }, () => 'a'),
  'huge object': Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])),
};

/** Values only an in-process caller (or React's reply encoding) can produce. */
export const HOSTILE_JS_VALUES: Record<string, unknown> = {
  undefined: undefined,
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  'negative zero': -0,
  bigint: BigInt('9007199254740993'),
  'invalid date': new Date('nope'),
  date: new Date('2027-01-01T00:00:00Z'),
  map: new Map([['a', 1]]),
  set: new Set(['a']),
  'null prototype': Object.assign(Object.create(null) as object, { a: 'b' }),
  'boxed string': Object('abc') as unknown,
  'typed array': new Uint8Array([1, 2, 3]),
};

/** Top-level shapes where an action's single argument (an object) is expected. */
export const HOSTILE_TOP_LEVEL: Record<string, unknown> = { ...HOSTILE_JSON_VALUES, string: 'just a string', 'xss string': HOSTILE_STRINGS['xss script tag'] };

export type NamedInput = { name: string; input: unknown };

/** A change to a valid input: some fields replaced, added or dropped, or the whole input replaced. */
export type Mutation = { edits: { key: string; value?: unknown; drop?: boolean }[] } | { whole: unknown };

export function applyMutation(base: Record<string, unknown>, m: Mutation): unknown {
  if ('whole' in m) return m.whole;
  const input: Record<string, unknown> = { ...base };
  for (const e of m.edits) {
    if (e.drop) delete input[e.key];
    // defineProperty, so "__proto__" becomes an own key the way JSON.parse makes it, not a prototype swap.
    else Object.defineProperty(input, e.key, { value: e.value, enumerable: true, configurable: true, writable: true });
  }
  return input;
}

/**
 * The fixed corpus for a target whose input has these keys: each field in turn replaced by every hostile value
 * or dropped, hostile keys added, and hostile values in place of the whole input.
 */
export function namedMutations(keys: string[], options: { jsOnly?: boolean } = {}): { name: string; mutation: Mutation }[] {
  const out: { name: string; mutation: Mutation }[] = [];
  const values: Record<string, unknown> = { ...HOSTILE_STRINGS, ...HOSTILE_JSON_VALUES, ...(options.jsOnly ? HOSTILE_JS_VALUES : {}) };
  for (const key of keys) {
    for (const [name, value] of Object.entries(values)) out.push({ name: `${key} = ${name}`, mutation: { edits: [{ key, value }] } });
    out.push({ name: `${key} missing`, mutation: { edits: [{ key, drop: true }] } });
  }
  out.push({ name: 'extra __proto__ key', mutation: { edits: [{ key: '__proto__', value: { isAdmin: true, polluted: 'yes' } }] } });
  out.push({ name: 'extra constructor key', mutation: { edits: [{ key: 'constructor', value: { prototype: { isAdmin: true, polluted: 'yes' } } }] } });
  out.push({ name: 'extra unknown keys', mutation: { edits: [{ key: 'isAdmin', value: true }, { key: 'role', value: 'admin' }, { key: 'id', value: '00000000-0000-4000-8000-000000000000' }] } });
  for (const [name, value] of Object.entries({ ...HOSTILE_TOP_LEVEL, ...(options.jsOnly ? HOSTILE_JS_VALUES : {}) })) out.push({ name: `whole input = ${name}`, mutation: { whole: value } });
  return out;
}

export function namedVariants(valid: Record<string, unknown>, options: { jsOnly?: boolean } = {}): NamedInput[] {
  return namedMutations(Object.keys(valid), options).map(({ name, mutation }) => ({ name, input: applyMutation(valid, mutation) }));
}

/** The fixed corpus for a target that takes a single value (a string, say) rather than an object. */
export function namedValues(options: { jsOnly?: boolean } = {}): NamedInput[] {
  return Object.entries({ ...HOSTILE_STRINGS, ...HOSTILE_JSON_VALUES, ...(options.jsOnly ? HOSTILE_JS_VALUES : {}) }).map(([name, input]) => ({ name, input }));
}

/** Hostile strings fast-check makes up: named ones, raw code units (lone surrogates, NUL, controls), long runs. */
export const hostileStringArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...Object.values(HOSTILE_STRINGS)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u202E', '\u2066', '\u200B', '<', '>', '"', "'", ';', '-', '/', '\\', '.', '%', '$', '{', '}', 'a', ' ', '\n'), maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.nat({ max: 30_000 }).map((n) => 'x'.repeat(n)),
);

const hostileKeyArb = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then'));

/** Any value at all, weighted towards the shapes that break code: wrong types, nesting, odd keys. */
export const hostileValueArb: fc.Arbitrary<unknown> = fc.oneof(
  hostileStringArb,
  fc.constantFrom(...Object.values(HOSTILE_JSON_VALUES)),
  fc.anything({ maxDepth: 4, key: hostileKeyArb, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }),
);

/** JSON text nested `depth` levels deep, built as text: JSON.stringify itself overflows on a small stack. */
export function deepJsonText(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? `${'['.repeat(depth)}"bottom"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
}

const SHALLOW_JSON_VALUES = Object.entries(HOSTILE_JSON_VALUES).filter(([name]) => !name.startsWith('deep')).map(([, v]) => v);

/** The same, restricted to what JSON can carry and JSON.stringify can write (for HTTP bodies; nesting has its own probes). */
export const hostileJsonArb: fc.Arbitrary<unknown> = fc.oneof(hostileStringArb, fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(...SHALLOW_JSON_VALUES));

/** One to three fields of an input with these keys replaced, added or dropped at random; now and then all of it. */
export function mutationArb(keys: string[], values: fc.Arbitrary<unknown> = hostileValueArb): fc.Arbitrary<Mutation> {
  const added = fc.record({ key: hostileKeyArb, value: values });
  // An input with no fields (an action that takes none) can only gain hostile ones.
  const edit =
    keys.length === 0
      ? added
      : fc.oneof(fc.record({ key: fc.constantFrom(...keys), value: values }), added, fc.record({ key: fc.constantFrom(...keys), drop: fc.constant(true) }));
  return fc.oneof({ weight: 8, arbitrary: fc.record({ edits: fc.array(edit, { minLength: 1, maxLength: 3 }) }) }, { weight: 1, arbitrary: fc.record({ whole: values }) });
}

export function mutatedArb(valid: Record<string, unknown>, values: fc.Arbitrary<unknown> = hostileValueArb): fc.Arbitrary<unknown> {
  return mutationArb(Object.keys(valid), values).map((m) => applyMutation(valid, m));
}

/**
 * Why a message shown to a person is not fit to show: a stack frame, a file path, an error class, a regex.
 * An empty list means it reads as a message.
 */
export function leaksIn(text: string): string[] {
  const problems: string[] = [];
  if (/^\s*at .+|\n\s+at /m.test(text)) problems.push('stack frame');
  if (/(?:\/[\w.@-]+){2,}\.(?:[cm]?[jt]sx?)\b|node_modules|webpack-internal|file:\/\//.test(text)) problems.push('file path');
  if (/\b[A-Z][A-Za-z]*Error\b|\bError:|SQLITE_[A-Z]+/.test(text)) problems.push('error class name');
  if (/must match pattern|\/\^[^/]*\$\//.test(text)) problems.push('regular expression');
  if (/\bundefined\b|\[object Object\]|\bNaN\b/.test(text)) problems.push('programming value');
  return problems;
}

/** A message a person can read: non-empty, short, and leaking nothing. */
export function unreadableMessage(message: unknown): string | null {
  if (typeof message !== 'string' || !message.trim()) return `not a message: ${JSON.stringify(message)}`;
  if (message.length > 400) return `too long (${message.length} characters)`;
  const leaks = leaksIn(message);
  return leaks.length ? `${leaks.join(', ')} in "${message}"` : null;
}
