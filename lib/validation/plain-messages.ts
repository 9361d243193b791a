import type { z } from 'zod';

const n = (v: number | bigint) => v.toLocaleString('en');

/**
 * The message for an issue whose schema has no words of its own. Zod's defaults are written for programmers
 * ("expected string, received undefined", "must match pattern /^[a-z0-9-]{3,60}$/") and would reach a person
 * beside a field; these say the same thing plainly. Passed per parse, so a schema's own message always wins.
 */
export const plainIssueMessage: z.core.$ZodErrorMap = (issue) => {
  // The whole request is of the wrong shape: nothing a person typed, most likely an outdated or forged page.
  if (!issue.path?.length && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) return 'This request is not in the form the server expects. Reload the page and try again.';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'This field is required.' : 'This field holds the wrong kind of value.';
    case 'too_big':
      if (issue.origin === 'string') return `Use at most ${n(issue.maximum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at most ${n(issue.maximum)}.`;
      return `Enter ${n(issue.maximum)} or less.`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'This field is required.' : `Use at least ${n(issue.minimum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at least ${n(issue.minimum)}.`;
      return `Enter ${n(issue.minimum)} or more.`;
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter a valid email address, like name@example.com.';
      if (issue.format === 'uuid' || issue.format === 'guid') return 'This refers to a record that does not exist. Reload the page and try again.';
      return 'This value is not in the expected format.';
    case 'not_multiple_of':
      return `Enter a multiple of ${n(issue.divisor)}.`;
    case 'invalid_value':
      return 'Choose one of the offered options.';
    case 'invalid_union':
      return 'This value is not in the expected format.';
    case 'unrecognized_keys':
    case 'invalid_key':
      return 'This form has a field the server does not know.';
    case 'invalid_element':
      return 'One of the entries is not valid.';
    default:
      return 'This value is not accepted.';
  }
};
