// A zod issue's place as a JSON path ($.types["app.Request"].count), the way
// gcdiag names places in input files; unknown keys name the key itself.
import type { z } from 'zod';

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

export function zodPlace(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return jsonPath([...issue.path, issue.keys[0]]);
  return jsonPath(issue.path);
}
