import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainIssueMessage } from './plain-messages';

const messagesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input, { error: plainIssueMessage });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('plainIssueMessage', () => {
  const schema = z.object({
    itemId: z.string().regex(/^[a-z0-9-]{3,60}$/),
    id: z.uuid(),
    title: z.string().max(5),
    own: z.string().min(1, 'Enter a title.'),
    kind: z.enum(['a', 'b']),
  });

  it('says in plain words what zod would say to a programmer', () => {
    expect(messagesOf(schema, { itemId: 'NOT OK', id: 'x', title: 'too long', own: 'fine', kind: 'c' })).toEqual([
      'itemId: This value is not in the expected format.',
      'id: This refers to a record that does not exist. Reload the page and try again.',
      'title: Use at most 5 characters.',
      'kind: Choose one of the offered options.',
    ]);
    expect(messagesOf(schema, { itemId: 5, id: 'x', title: 'x', own: 'x', kind: 'a' })[0]).toBe('itemId: This field holds the wrong kind of value.');
    expect(messagesOf(schema, { id: crypto.randomUUID(), title: 'x', own: 'x', kind: 'a' })).toEqual(['itemId: This field is required.']);
  });

  it('leaves a schema’s own message alone', () => {
    expect(messagesOf(schema, { itemId: 'abc', id: crypto.randomUUID(), title: 'x', own: '', kind: 'a' })).toEqual(['own: Enter a title.']);
  });

  it('calls a request of the wrong shape what it is', () => {
    expect(messagesOf(schema, 'a string')).toEqual([': This request is not in the form the server expects. Reload the page and try again.']);
  });
});
