// Where the package's own files are, whether run from dist/ or from a checkout.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

/** The package root (holds package.json, python/, node_modules/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'python'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the gcdiag package root');
}

export function pythonDir(): string {
  return join(packageRoot(), 'python');
}

export function oracleScript(): string {
  return join(pythonDir(), 'gcdiag_oracle.py');
}
