// Turning parser and schema errors into "where: what was expected".
import type { z } from 'zod';

/** "$.events[3].op" from a zod issue path. */
export function jsonPath(root: string, path: PropertyKey[]): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return out;
}

/** `choices`: the values a discriminator (a trace event's "op") may take, for the message. */
export function describeZodError(err: z.ZodError, root: string, choices?: readonly string[]): { where: string; expected: string } {
  const issue = err.issues[0];
  const where = jsonPath(root, issue.path as PropertyKey[]);
  let expected = issue.message;
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    const key = 'discriminator' in issue ? String(issue.discriminator) : 'op';
    expected = `unknown or missing "${key}"${choices ? ` (expected one of: ${choices.join(', ')})` : ''}`;
  }
  return { where, expected: expected.replace(/^Invalid input: /, '') };
}
