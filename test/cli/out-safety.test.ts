// --out never destroys anything (issue 10 §4), run through the built CLI: a new file
// gets the umask's permissions, a replaced one keeps its own; symbolic links, read-only
// files, devices, FIFOs, directories, the command's own input and '' are refused with
// one line and exit 2, leaving everything as it was; no temporary file is ever left.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import {
  mkdtempSync, rmSync, writeFileSync, readFileSync, readdirSync, symlinkSync, lstatSync, statSync,
  chmodSync, mkdirSync, linkSync, copyFileSync, existsSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gcdiag, ROOT } from '../helpers/cli.js';
import { writeOutput } from '../../src/report/output.js';

const TRACE = join(ROOT, 'fixtures', 'traces', 'tutorial-6.1-del-cycle.json');
const SNAP = join(ROOT, 'fixtures', 'snapshots', 'cycles.json');
let dir: string;

beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-out-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const replay = (out: string, trace = TRACE) => gcdiag(['replay', trace, '--format', 'json', '--out', out], { cwd: dir });
const mode = (f: string) => statSync(f).mode & 0o777;
const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** Exit 2, one line naming the path and the reason, nothing on stdout. */
function expectRefused(run: { code: number; stdout: string; stderr: string }, reason: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(run.stderr).toMatch(/^gcdiag: --out /);
  expect(run.stderr).toMatch(reason);
  expect(leftovers()).toEqual([]);
}

describe('--out writes only the named file', () => {
  it('a new file gets 0666 less the umask', () => {
    const old = process.umask(0o027);
    try {
      const r = replay('report.json');
      expect(r.code).toBe(0);
    } finally {
      process.umask(old);
    }
    expect(() => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as unknown).not.toThrow();
    expect(mode(join(dir, 'report.json'))).toBe(0o640);
    expect(leftovers()).toEqual([]);
  });

  it('a replaced file keeps its permissions', () => {
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old');
    chmodSync(out, 0o600);
    expect(replay(out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe('old');
    expect(mode(out)).toBe(0o600);
  });

  it('a symbolic link is refused, not followed or replaced (dangling ones too)', () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, 'link.json'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.json'));
    expectRefused(replay('link.json'), /link\.json is a symbolic link/);
    expectRefused(replay('dangling.json'), /dangling\.json is a symbolic link/);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('a read-only file is refused and left as it was (even for root)', () => {
    const out = join(dir, 'ro.json');
    writeFileSync(out, 'keep');
    chmodSync(out, 0o444);
    expectRefused(replay(out), /ro\.json is read-only/);
    expect(readFileSync(out, 'utf8')).toBe('keep');
    expect(mode(out)).toBe(0o444);
  });

  it('a directory, a FIFO and a device are refused without blocking', () => {
    mkdirSync(join(dir, 'sub'));
    expectRefused(replay('sub'), /sub is a directory/);
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
    expectRefused(replay('fifo'), /fifo is a FIFO, not a regular file/);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    // /dev/null itself: a regression would replace it, so use it only once the
    // refusal is known to work on a device node of our own where we can make one.
    const dev = join(dir, 'null');
    if (spawnSync('mknod', [dev, 'c', '1', '3']).status === 0) {
      expectRefused(replay('null'), /null is a character device/);
      expect(lstatSync(dev).isCharacterDevice()).toBe(true);
      expectRefused(replay('/dev/null'), /\/dev\/null is a character device/);
      expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    }
  });

  it("--out '' is a usage error, not stdout", () => {
    expectRefused(replay(''), /--out needs a file name/);
  });
});

describe('--out naming an input of the command is refused, the input intact', () => {
  it('replay: the trace itself, by another spelling, and through a hard link', () => {
    const trace = join(dir, 'trace.json');
    copyFileSync(TRACE, trace);
    const before = readFileSync(trace, 'utf8');
    expectRefused(replay('trace.json', trace), /trace\.json is the input file/);
    mkdirSync(join(dir, 'sub'));
    expectRefused(replay('sub/../trace.json', 'trace.json'), /is the input file/);
    linkSync(trace, join(dir, 'hard.json'));
    expectRefused(replay('hard.json', 'trace.json'), /hard\.json is the input file trace\.json/);
    expect(readFileSync(trace, 'utf8')).toBe(before);
  });

  it('find-cycles, why and snapshot-diff (either snapshot)', () => {
    const snap = join(dir, 'heap.json');
    copyFileSync(SNAP, snap);
    const before = readFileSync(snap, 'utf8');
    expectRefused(gcdiag(['find-cycles', snap, '--out', snap], { cwd: dir }), /is the input file/);
    expectRefused(gcdiag(['why', snap, '--type', 'Node', '--out', snap], { cwd: dir }), /is the input file/);
    expectRefused(gcdiag(['snapshot-diff', SNAP, snap, '--out', snap], { cwd: dir }), /is the input file/);
    expectRefused(gcdiag(['snapshot-diff', snap, SNAP, '--out', 'heap.json'], { cwd: dir }), /is the input file/);
    expect(readFileSync(snap, 'utf8')).toBe(before);
  });

  it('capture: the script', () => {
    const script = join(dir, 'app.py');
    writeFileSync(script, 'x = 1\n');
    expectRefused(gcdiag(['capture', '--out', script, '--', script], { cwd: dir }), /app\.py is the input file/);
    expect(readFileSync(script, 'utf8')).toBe('x = 1\n');
  });
});

describe('the temporary file', () => {
  it('is not at the predictable .NAME.PID.tmp: a link planted there redirects nothing', () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(dir, 'report.json');
    symlinkSync(victim, join(dir, `.report.json.${process.pid}.tmp`));
    writeOutput('{"ok":true}', out);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(out, 'utf8')).toBe('{"ok":true}\n');
  });

  it('is removed when writing fails', () => {
    const out = join(dir, 'report.json');
    // Not a string: writing throws after the temporary file was created.
    const broken = { endsWith: () => true } as unknown as string;
    expect(() => writeOutput(broken, out)).toThrow(/cannot write --out/);
    expect(readdirSync(dir)).toEqual([]);
  });

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`is never left by ${sig}: the run dies of the signal, the file complete or absent`, async () => {
      const out = join(dir, 'big.txt');
      const size = 16 * 1024 * 1024;
      // Writes one after another with a turn of the event loop between them, so a
      // temporary file exists most of the time and the signal can be handled.
      const code = `import { writeOutput } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'report', 'output.js')).href)};
        const text = 'x'.repeat(${size - 1});
        const again = () => { writeOutput(text, ${JSON.stringify(out)}); setImmediate(again); };
        again();`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: 'ignore' });
      const ended = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, s) => res(s)));
      let sawTemp = false;
      for (let i = 0; i < 6000 && !sawTemp; i++) {
        await new Promise((r) => setTimeout(r, 5));
        sawTemp = leftovers().length > 0;
      }
      child.kill(sig);
      expect(await ended).toBe(sig);
      expect(sawTemp).toBe(true);
      expect(leftovers()).toEqual([]);
      expect(statSync(out).size).toBe(size);
    });
  }
});
