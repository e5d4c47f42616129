// `replay --against` and `capture --python` with an interpreter too old for them:
// one line, exit 2, no traceback. Real old CPythons where pyenv has them (a skipped test where not).
import { test, expect } from 'vitest';
import { existsSync, readdirSync, writeFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcdiag } from '../helpers/cli.js';

const TRACE = 'fixtures/traces/tutorial-5-cycles.json';
const versions = join(homedir(), '.pyenv', 'versions');
const old = (prefix: string) => (existsSync(versions) ? readdirSync(versions).filter((v) => v.startsWith(prefix)).map((v) => join(versions, v, 'bin', 'python')).find(existsSync) : undefined);

function expectOneLine(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/Traceback|\n\s+at /);
}

for (const [name, prefix] of [['CPython 3.6', '3.6.'], ['CPython 2.7', '2.7.']]) {
  const python = old(prefix);
  test.skipIf(!python)(`${name} (${python ?? `not installed under ${versions}`})`, () => {
    expectOneLine(gcdiag(['replay', '--against', python!, TRACE]), /cannot run traces: .*3\.7 or newer/);
    const out = join(mkdtempSync(join(tmpdir(), 'gcdiag-old-')), 'heap.json');
    expectOneLine(gcdiag(['capture', '--python', python!, '--out', out, '--', 'fixtures/programs/traps.py']), /^gcdiag: capture needs CPython 3\.8 or newer; .* is [23]\.\d+\.\d+\n$/);
    expect(existsSync(out)).toBe(false);
  });
}

test('a command that is not there, or a pyenv shim for a version not selected (exit 127)', () => {
  expectOneLine(gcdiag(['replay', '--against', 'no-such-python-3.6', TRACE]), /^gcdiag: cannot run no-such-python-3\.6/);
  const shim = join(mkdtempSync(join(tmpdir(), 'gcdiag-shim-')), 'python3.6');
  writeFileSync(shim, '#!/bin/sh\necho "pyenv: python3.6: command not found" >&2\necho >&2\necho "The python3.6 command exists in these Python versions:" >&2\nexit 127\n');
  chmodSync(shim, 0o755);
  expectOneLine(gcdiag(['replay', '--against', shim, TRACE]), /cannot run .*python3\.6: pyenv: python3\.6: command not found \(exit 127\)\n$/);
});
