// Snapshots of two runs of a real program (two processes, no address in
// common): snapshot-diff matches their objects by labelled path, so the same
// program run twice has nothing new, and a run that serves more requests has
// exactly its extra requests' objects new. Captured with python3 here; 3.8 and
// 3.13 in test/oracle-tier/crossproc-versions.test.ts.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { PYTHON, runPython, tempDir } from './capture-helpers.js';
import { diff, row, twoRuns } from './crossproc-helpers.js';

describe('snapshot-diff across processes (real captures)', () => {
  it(`${PYTHON}: the same program twice has nothing new; 200 more requests are exactly 200 new pages and services`, () => {
    twoRuns(PYTHON, true);
  }, 120_000);

  it('two snapshots of one process are matched by id; by path the leak is the same', () => {
    const dir = tempDir();
    const program = join(dir, 'grow.py');
    writeFileSync(program, [
      'import sys, gcdiag_capture',
      'class Item(object):',
      '    def __init__(self, k):',
      '        self.payload = [k] * 3',
      'CACHE = {}',
      'gcdiag_capture.snapshot(sys.argv[1], collect_first=True)',
      'for i in range(300):',
      "    CACHE['/item/%d' % i] = Item(i)",
      'gcdiag_capture.snapshot(sys.argv[2], collect_first=True)',
      '',
    ].join('\n'));
    const [before, after] = [join(dir, 'before.json'), join(dir, 'after.json')];
    const r = runPython([program, before, after]);
    expect(r.stderr).not.toMatch(/Traceback/);
    const byId = diff(before, after);
    expect(byId.matching).toMatchObject({ method: 'id', sameProcess: true, processEvidence: 'one process token' });
    const byPath = diff(before, after, '--match', 'path');
    expect(byPath.matching).toMatchObject({ method: 'path', sameProcess: true });
    for (const d of [byId, byPath]) {
      expect(row(d, '__main__.Item')).toMatchObject({ countDelta: 300, new: 300, gone: 0 });
      expect(row(d, 'builtins.list')).toMatchObject({ new: 300 });
    }
  }, 60_000);

  it('a forked child captures with its own process token', () => {
    const r = runPython(['-c', [
      'import os, sys',
      'from gcdiag_capture import _state',
      'parent = _state.process_token()',
      'r, w = os.pipe()',
      'pid = os.fork()',
      'if pid == 0:',
      '    os.write(w, _state.process_token().encode()); os._exit(0)',
      'os.waitpid(pid, 0)',
      'child = os.read(r, 64).decode()',
      'print(parent, child, _state.process_token())',
    ].join('\n')]);
    const [parent, child, again] = r.stdout.trim().split(' ');
    expect(parent).toMatch(/^[0-9a-f]{16}$/);
    expect(child).toMatch(/^[0-9a-f]{16}$/);
    expect(child).not.toBe(parent);
    expect(again).toBe(parent);
  });
});
