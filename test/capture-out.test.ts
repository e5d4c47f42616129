// The capture helper's writer never destroys anything (issue 10 §4), run in real
// CPython (python3 and 3.8-3.13 where installed): the same rules as the CLI's --out
// (see test/cli/out-safety.test.ts), applied inside the program being captured:
// snapshot() refuses links, read-only files, directories, FIFOs, devices and '',
// never writes through a planted temporary name, and leaves no temporary file on
// an exception, KeyboardInterrupt or SIGTERM.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PY_DIR, PYTHON, EXTRA_PYTHONS, pythonName } from './capture-helpers.js';

/**
 * Every case in one process; prints {case: outcome} as JSON. Whole snapshots where
 * they are the point (new, replaced, through a link, the planted name), the writer
 * alone elsewhere: a snapshot of the whole heap is slow.
 */
const CASES = String.raw`
import json, os, stat, subprocess, sys
from gcdiag_capture import snapshot
from gcdiag_capture import _write
d = sys.argv[1]
p = lambda n: os.path.join(d, n)
res = {}

def refused(name, path, write=lambda path: _write.atomic_write(path, lambda w: w('{}'))):
    try:
        write(path)
        res[name] = 'written'
    except OSError as e:
        msg = str(e)
        res[name] = 'refused: ' + msg if '\n' not in msg else 'multi-line: ' + msg

def read(path):
    with open(path) as f:
        return f.read()

os.umask(0o027)
snapshot(p('new.json'))
res['new mode'] = oct(stat.S_IMODE(os.stat(p('new.json')).st_mode))
with open(p('old.json'), 'w') as f:
    f.write('old')
os.chmod(p('old.json'), 0o600)
snapshot(p('old.json'))
res['replaced mode'] = oct(stat.S_IMODE(os.stat(p('old.json')).st_mode))
res['replaced is a snapshot'] = json.loads(read(p('old.json'))).get('format')

with open(p('victim.txt'), 'w') as f:
    f.write('precious')
os.symlink(p('victim.txt'), p('link.json'))
refused('link', p('link.json'), snapshot)
os.symlink(p('nowhere'), p('dangling.json'))
refused('dangling link', p('dangling.json'))
res['link still a link'] = os.path.islink(p('link.json'))
with open(p('ro.json'), 'w') as f:
    f.write('keep')
os.chmod(p('ro.json'), 0o444)
refused('read-only', p('ro.json'))
res['read-only after'] = [read(p('ro.json')), oct(stat.S_IMODE(os.stat(p('ro.json')).st_mode))]
os.mkdir(p('sub'))
refused('directory', p('sub'))
os.mkfifo(p('fifo'))
refused('fifo', p('fifo'))
if subprocess.call(['mknod', p('null'), 'c', '1', '3']) == 0:
    refused('device', p('null'))
    res['device still a device'] = stat.S_ISCHR(os.lstat(p('null')).st_mode)
refused('empty', '')

# The old predictable temporary name, planted as a link to the victim.
os.symlink(p('victim.txt'), p('.planted.json.%d.tmp' % os.getpid()))
snapshot(p('planted.json'))
os.unlink(p('.planted.json.%d.tmp' % os.getpid()))
res['victim'] = read(p('victim.txt'))

def interrupted(w):
    w('{"partial": ')
    raise KeyboardInterrupt
try:
    _write.atomic_write(p('old.json'), interrupted)
except KeyboardInterrupt:
    res['KeyboardInterrupt'] = 'raised'
res['after KeyboardInterrupt'] = json.loads(read(p('old.json'))).get('format')
def failing(w):
    w('{"partial": ')
    raise ValueError('disk full')
try:
    _write.atomic_write(p('old.json'), failing)
except ValueError:
    res['ValueError'] = 'raised'
res['after ValueError'] = json.loads(read(p('old.json'))).get('format')
import signal
res['SIGTERM default after'] = signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
res['temporary files'] = sorted(f for f in os.listdir(d) if f.endswith('.tmp'))
print(json.dumps(res))
`;

/** Writes part of a file, then SIGTERM arrives: the process dies of it, leaving nothing. */
const SIGTERM_CASE = String.raw`
import os, signal, sys, time
from gcdiag_capture import _write
def slow(w):
    w('{"partial": ')
    os.kill(os.getpid(), signal.SIGTERM)
    end = time.time() + 30
    while time.time() < end:
        w(' ')
    sys.stdout.write('not killed\n')
_write.atomic_write(os.path.join(sys.argv[1], 'out.json'), slow)
`;

function run(python: string, code: string, dir: string) {
  return spawnSync(python, ['-c', code, dir], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: PY_DIR }, timeout: 120_000 });
}

// The machine's python3, and the oldest and newest other supported CPython.
const PYTHONS = [
  { exe: PYTHON as string | undefined, name: PYTHON },
  ...EXTRA_PYTHONS.filter((p) => p.version === '3.8' || p.version === '3.13').map((p) => ({ exe: p.exe, name: pythonName(p) })),
];

describe.each(PYTHONS)('snapshot() writes only the named file: $name', ({ exe }) => {
  it.skipIf(!exe)('refuses what it must not replace, keeps permissions, leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-capture-out-'));
    try {
      const r = run(exe!, CASES, dir);
      expect(r.stderr).toBe('');
      const res = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(res['new mode']).toBe('0o640');
      expect(res['replaced mode']).toBe('0o600');
      expect(res['replaced is a snapshot']).toBe('gcdiag-snapshot');
      expect(res.link).toMatch(/^refused: .*link\.json is a symbolic link/);
      expect(res['dangling link']).toMatch(/^refused: .*dangling\.json is a symbolic link/);
      expect(res['link still a link']).toBe(true);
      expect(res['read-only']).toMatch(/^refused: .*ro\.json is read-only/);
      expect(res['read-only after']).toEqual(['keep', '0o444']);
      expect(res.directory).toMatch(/^refused: .*sub is a directory/);
      expect(res.fifo).toMatch(/^refused: .*fifo is not a regular file/);
      if ('device' in res) {
        expect(res.device).toMatch(/^refused: .*null is not a regular file/);
        expect(res['device still a device']).toBe(true);
      }
      expect(res.empty).toMatch(/^refused: the snapshot path is empty/);
      expect(res.victim).toBe('precious');
      expect(res.KeyboardInterrupt).toBe('raised');
      expect(res['after KeyboardInterrupt']).toBe('gcdiag-snapshot');
      expect(res.ValueError).toBe('raised');
      expect(res['after ValueError']).toBe('gcdiag-snapshot');
      expect(res['SIGTERM default after']).toBe(true);
      expect(res['temporary files']).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!exe)('SIGTERM during the write: the process dies of it and no temporary file is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdiag-capture-out-'));
    try {
      const r = run(exe!, SIGTERM_CASE, dir);
      expect(r.signal).toBe('SIGTERM');
      expect(r.stdout).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
