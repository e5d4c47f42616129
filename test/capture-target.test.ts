// How `gcdiag capture` reads a console script's shebang (src/capture/target.ts)
// and how the Python runner reads it (python/gcdiag_capture/_target.py): the two
// must name the same interpreter for every form, including pip's /bin/sh wrapper
// for long interpreter paths, or the runner would be started under one Python and
// resolve the script as another.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shebangPython, which } from '../src/capture/target.js';
import { runPython, tempDir } from './capture-helpers.js';

const SCRIPTS: [string, string][] = [
  ['plain', '#!/usr/bin/python3\nimport sys\n'],
  ['env', '#!/usr/bin/env python3.12\nimport sys\n'],
  ['env-flags', '#!/usr/bin/env -S python3 -u\n'],
  ['args', '#!/opt/venv/bin/python -E\n'],
  ['pip-long', `#!/bin/sh\n'''exec' "/very/long/path/venv/bin/python3" "$0" "$@"\n' '''\nimport sys\n`],
  ['pypy', '#!/usr/bin/pypy3\n'],
  ['bash', '#!/bin/bash\necho hi\n'],
  ['none', 'import sys\n'],
  ['binary', '\x7fELF\x02\x01\x01'],
];

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('console-script shebangs', () => {
  it('TypeScript and Python name the same interpreter, or agree there is none', () => {
    const files = SCRIPTS.map(([name, body]) => {
      const f = join(dir, name);
      writeFileSync(f, body);
      return f;
    });
    const r = runPython(['-c', 'import json, sys\nfrom gcdiag_capture._target import shebang_python\n'
      + 'print(json.dumps([shebang_python(f) for f in sys.argv[1:]]))', ...files]);
    expect(r.stderr).toBe('');
    const py = JSON.parse(r.stdout) as (string | null)[];
    expect(files.map((f) => shebangPython(f) ?? null)).toEqual(py);
    // and the answers themselves
    expect(py).toEqual(['/usr/bin/python3', 'python3.12', 'python3', '/opt/venv/bin/python',
      '/very/long/path/venv/bin/python3', '/usr/bin/pypy3', null, null, null]);
  });

  it('which() finds executables on PATH only, as the shell does', () => {
    const bin = join(dir, 'bin');
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    writeFileSync(join(bin, 'tool'), '#!/usr/bin/python3\n');
    writeFileSync(join(bin, 'notexec'), '#!/usr/bin/python3\n');
    chmodSync(join(bin, 'tool'), 0o755);
    expect(which('tool', `/nonexistent:${bin}`)).toBe(join(bin, 'tool'));
    expect(which('notexec', bin)).toBeUndefined();
    expect(which('tool', '')).toBeUndefined();
  });
});
