// What `gcdiag capture -- …` runs: a script file, `-m module`, or a console
// script found on PATH (`pytest`, `flask`, `uvicorn`), and the interpreter its
// shebang names, which runs it unless --python says otherwise.
import { spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

export interface CaptureTarget {
  kind: 'script' | 'module';
  /** The script's path (a console script's full path) or the module's name. */
  name: string;
  args: string[];
  /** The interpreter a console script's shebang names. */
  shebangPython?: string;
}

export function resolveTarget(first: string | undefined, args: string[]): CaptureTarget {
  if (!first) throw new UsageError('capture needs a script: gcdiag capture [options] -- script.py|-m module|command [args...]');
  if (first === '-m' || (first.startsWith('-m') && first.length > 2)) {
    const rest = [...args];
    const name = first.length > 2 ? first.slice(2) : rest.shift();
    if (!name) throw new UsageError('-m needs a module name: gcdiag capture -- -m module [args...]');
    return { kind: 'module', name, args: rest };
  }
  if (isFile(first)) {
    // A console script named by its path (`/usr/bin/flask`) runs under its shebang's
    // interpreter too; a .py file runs as `python script.py` would.
    const python = first.endsWith('.py') ? undefined : shebangPython(first);
    return { kind: 'script', name: first, args, ...(python ? { shebangPython: python } : {}) };
  }
  const found = first.includes('/') ? undefined : which(first);
  if (!found) throw new UsageError(`script not found: ${first} (neither a file nor a command on PATH)`);
  const real = shebangPython(found) ? found : unshim(found, first) ?? found;
  const python = shebangPython(real);
  if (!python) throw new UsageError(`${first} (${real}) is not a Python script: give a .py file, -m module, or a Python console script`);
  return { kind: 'script', name: real, args, shebangPython: python };
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The first executable file called `name` on PATH. */
export function which(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      if (!isFile(file)) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not executable here: keep looking, as the shell does
    }
  }
  return undefined;
}

/** A pyenv shim (a shell script in …/shims) runs the selected version's command: `pyenv which` names it. */
function unshim(file: string, name: string): string | undefined {
  if (basename(dirname(file)) !== 'shims') return undefined;
  const r = spawnSync('pyenv', ['which', name], { encoding: 'utf8', timeout: 30_000 });
  const found = r.status === 0 ? r.stdout.trim() : '';
  return found && isFile(found) ? found : undefined;
}

/**
 * The interpreter a script's first lines name: `#!/usr/bin/python3`, `#!/usr/bin/env python3`,
 * or pip's `#!/bin/sh` + `'''exec' "/long/path/python" "$0" "$@"` for long paths.
 */
export function shebangPython(file: string): string | undefined {
  let head = '';
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(1024);
      head = buf.subarray(0, readSync(fd, buf, 0, 1024, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const lines = head.split('\n');
  if (!lines[0].startsWith('#!')) return undefined;
  let words = lines[0].slice(2).trim().split(/\s+/);
  if (basename(words[0] ?? '') === 'env') words = words.slice(1).filter((w) => !w.startsWith('-'));
  if (basename(words[0] ?? '') === 'sh' && lines[1]?.startsWith("'''exec' ")) {
    words = [lines[1].slice(9).split(' "$0"')[0].trim().replace(/^["']|["']$/g, '')];
  }
  const python = words[0];
  return python && /^(python|pypy)/.test(basename(python)) ? python : undefined;
}
