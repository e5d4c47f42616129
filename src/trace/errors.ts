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

/**
 * The JSON path of the first key named "__proto__" in a parsed document, or null.
 * zod 4 drops such keys from records without a word (an object type's fields,
 * values, methods or a type itself would silently vanish), so traces refuse them.
 * Walked with an explicit stack: a 10,000-deep value must not overflow.
 */
export function findProtoKey(doc: unknown, root: string): string | null {
  const stack: [unknown, PropertyKey[]][] = [[doc, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && typeof v[i] === 'object') stack.push([v[i], [...path, i]]);
      continue;
    }
    const keys = Object.keys(v);
    if (keys.includes('__proto__')) return jsonPath(root, [...path, '__proto__']);
    for (let k = keys.length - 1; k >= 0; k--) {
      const x = (v as Record<string, unknown>)[keys[k]];
      if (x !== null && typeof x === 'object') stack.push([x, [...path, keys[k]]]);
    }
  }
  return null;
}

export const PROTO_KEY_MESSAGE = 'a key named "__proto__" is not supported (JavaScript gives that name a meaning of its own): rename it (an attribute of that name can be set with a "set" event)';
