// --help examples name files the package ships (fixtures/snapshots/cycles.json):
// from any other folder those paths would not exist, so help shows where they are.
import { existsSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';

const SHIPPED = /(?<![\w./-])((?:fixtures|schema|docs)\/[\w./-]*\w)/g;

export function bundledPaths(text: string, root: string, cwd = process.cwd()): string {
  return text.replace(SHIPPED, (m) => {
    const file = join(root, m);
    if (resolve(cwd, m) === file || !existsSync(file)) return m;
    const rel = relative(cwd, file);
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  });
}
