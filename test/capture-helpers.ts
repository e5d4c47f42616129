// Shared by the capture tests: run fixture programs under gcdiag_capture with a
// real interpreter, validate what they wrote against the zod schema, and look
// objects and edges up by type and label in either layout.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { Snapshot, EDGE_KINDS, FLAG_IMMORTAL } from '../src/snapshot/schema.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PYTHON = process.env.GCDIAG_PYTHON ?? 'python3';
export const PY_DIR = join(ROOT, 'python');
export const PROGRAMS = join(ROOT, 'fixtures', 'programs');

/** Another CPython the capture tests run on too; exe is undefined when it is not installed. */
export interface OtherPython { version: string; exe: string | undefined }

/**
 * CPython 3.8-3.10, 3.12 and 3.13 beside the machine's python3, found as
 * test/oracle-tier/random-native.test.ts finds them (helpers/oracle.ts nativeBuilds): GCDIAG_OLDER_PYTHONS (a
 * colon-separated list of executables), else pyenv's versions folder
 * (PYENV_ROOT, default ~/.pyenv). A missing one is reported as a skipped test
 * (`test.skipIf(!py.exe)`), not left out.
 */
export const EXTRA_PYTHONS: OtherPython[] = ['3.8', '3.9', '3.10', '3.12', '3.13']
  .map((version) => ({ version, exe: findPython(version) }));

function findPython(version: string): string | undefined {
  const listed = (process.env.GCDIAG_OLDER_PYTHONS ?? '').split(':').filter(Boolean);
  const fromEnv = listed.find((p) => new RegExp(`${version.replace('.', '\\.')}(\\.|$|/)`).test(p));
  if (fromEnv) return fromEnv;
  const root = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (!existsSync(root)) return undefined;
  const dir = readdirSync(root).find((d) => d.startsWith(`${version}.`));
  const exe = dir && join(root, dir, 'bin', 'python3');
  return exe && existsSync(exe) ? exe : undefined;
}

/** The test's name for an interpreter: its path, or "CPython 3.x (not installed)". */
export function pythonName(py: OtherPython): string {
  return py.exe ?? `CPython ${py.version} (not installed)`;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gcdiag-capture-'));
}

export function runPython(args: string[], python = PYTHON): SpawnSyncReturns<string> {
  return spawnSync(python, args, {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: PY_DIR },
    timeout: 300_000,
  });
}

/** Run a fixture program that calls snapshot() itself: `program.py OUT SIDE`. */
export function runSelfCapture(program: string, dir: string, python = PYTHON, args: string[] = []): { snap: View; side: any } {
  const out = join(dir, `${program}.json`);
  const side = join(dir, `${program}.side.json`);
  const r = runPython([join(PROGRAMS, `${program}.py`), out, side, ...args], python);
  expect(r.stderr, `${program} failed`).not.toMatch(/Traceback/);
  expect(r.status).toBe(0);
  return { snap: readSnapshot(out), side: JSON.parse(readFileSync(side, 'utf8')) };
}

/** Run a fixture program under `python -m gcdiag_capture` (snapshot at exit). */
export function captureAtExit(program: string, dir: string, extra: string[] = [], args: string[] = [], python = PYTHON): View {
  const out = join(dir, `${program}.json`);
  const r = runPython(['-m', 'gcdiag_capture', '--out', out, ...extra, join(PROGRAMS, `${program}.py`), ...args], python);
  expect(r.stderr).toContain(`wrote ${out}`);
  expect(r.status).toBe(0);
  return readSnapshot(out);
}

export function readSnapshot(file: string): View {
  expect(existsSync(file), `${file} was written`).toBe(true);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = Snapshot.safeParse(doc);
  expect(parsed.success ? [] : parsed.error.issues.slice(0, 5)).toEqual([]);
  return new View(parsed.data!);
}

export interface Edge { from: number; to: number; label: string; kind: string }

/** One snapshot as object-index arrays, whichever layout it was written in. */
export class View {
  readonly n: number;
  readonly id: number[];
  readonly type: string[];
  readonly size: number[];
  readonly refcount: number[];
  readonly gen: number[];
  readonly flags: number[];
  readonly edges: Edge[] = [];
  readonly out: number[][];
  readonly inn: number[][];
  readonly index = new Map<number, number>();

  constructor(readonly doc: Snapshot) {
    if (doc.layout === 'columnar') {
      const o = doc.objects;
      this.n = o.count;
      this.id = o.id;
      this.type = o.type.map((t) => doc.strings[t]);
      this.size = o.size;
      this.refcount = o.refcount;
      this.gen = o.gen;
      this.flags = o.flags;
      const e = doc.edges;
      for (let k = 0; k < e.count; k++) {
        this.edges.push({ from: e.from[k], to: e.to[k], label: doc.strings[e.label[k]], kind: EDGE_KINDS[e.kind[k]] });
      }
    } else {
      const o = doc.objects;
      this.n = o.length;
      this.id = o.map((x) => x.id);
      this.type = o.map((x) => x.type);
      this.size = o.map((x) => x.size);
      this.refcount = o.map((x) => x.refcount);
      this.gen = o.map((x) => x.gen);
      this.flags = o.map((x) => (x.gc ? 1 : 0) | (x.gen !== -1 ? 2 : 0) | (x.finalizer ? 4 : 0) | (x.tp_del ? 8 : 0)
        | (x.finalized ? 16 : 0) | (x.immortal ? 32 : 0));
    }
    this.id.forEach((v, i) => this.index.set(v, i));
    if (doc.layout === 'friendly') {
      for (const e of doc.edges) {
        this.edges.push({ from: this.index.get(e.from)!, to: this.index.get(e.to)!, label: e.label ?? '', kind: e.kind });
      }
    }
    this.out = Array.from({ length: this.n }, () => []);
    this.inn = Array.from({ length: this.n }, () => []);
    this.edges.forEach((e, k) => { this.out[e.from].push(k); this.inn[e.to].push(k); });
  }

  ofType(name: string): number[] {
    const r: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.type[i] === name) r.push(i);
    return r;
  }

  /** Targets of i's edges with this label (and kind, if given). */
  follow(i: number, label: string, kind?: string): number[] {
    return this.out[i].map((k) => this.edges[k]).filter((e) => e.label === label && (!kind || e.kind === kind)).map((e) => e.to);
  }

  root(name: string) {
    return this.doc.roots.find((r) => r.name === name);
  }
}

/**
 * What every snapshot must satisfy, whatever the program. `borrowed(v, i)` names
 * objects that CPython itself traverses more often than it counts references
 * to (3.14's interned-string dict holds its strings borrowed; Pyodide's
 * JsProxy classes visit their metaclass without owning a reference).
 */
export function expectInvariants(v: View, borrowed: (v: View, i: number) => boolean = () => false): void {
  expect(new Set(v.id).size).toBe(v.n);
  const bad: string[] = [];
  for (let i = 0; i < v.n && bad.length < 5; i++) {
    const tracked = (v.flags[i] & 2) !== 0;
    if (tracked !== (v.gen[i] !== -1)) bad.push(`${v.type[i]}: tracked flag vs gen ${v.gen[i]}`);
    if (tracked && (v.flags[i] & 1) === 0) bad.push(`${v.type[i]}: tracked but not a GC type`);
    // Every edge is a real reference, so a true count is at least the in-degree.
    if (!(v.flags[i] & FLAG_IMMORTAL) && v.refcount[i] < v.inn[i].length && !borrowed(v, i)) {
      bad.push(`${v.type[i]} ${v.id[i]}: refcount ${v.refcount[i]} < ${v.inn[i].length} referrers`);
    }
  }
  expect(bad).toEqual([]);
  for (const r of v.doc.roots) for (const t of r.to) expect(v.index.has(t.id), `root ${r.name} target`).toBe(true);
}

/**
 * The true counts of the ints 0..256 and of array.array (side.held, by id, from
 * sys.getrefcount right before the snapshot): the capture's bookkeeping holds
 * small ints (its index's values) and arrays (whose type, from 3.10 a heap type,
 * each holds). Immortal objects (3.12+ small ints) carry a marker instead.
 */
export function expectHeld(snap: View, held: Record<string, number>): void {
  const got: Record<string, number> = {};
  const want: Record<string, number> = {};
  for (const [id, n] of Object.entries(held)) {
    const i = snap.index.get(Number(id));
    if (i === undefined || snap.flags[i] & FLAG_IMMORTAL) continue;
    got[id] = snap.refcount[i];
    want[id] = n;
  }
  const mortalInts = !snap.doc.python.version.match(/^3\.(1[2-9])\./);
  expect(Object.keys(want).length).toBeGreaterThan(mortalInts ? 100 : 0);
  expect(got).toEqual(want);
}

/** None of these ids (gcdiag_capture's own objects, as the program found them) is in the snapshot. */
export function expectNoneOf(snap: View, ids: number[]): void {
  expect(ids.length).toBeGreaterThan(100);   // modules, namespaces, functions, classes, …
  expect(ids.filter((id) => snap.index.has(id))).toEqual([]);
}

/**
 * In a describe block: run fixtures/programs/PROGRAM.py SNAP SIDE once on `python`
 * (none: nothing runs, the tests skip), read both; the folder goes afterwards.
 */
export function programCapture(program: string, python: string | undefined): { side: any; v: View } {
  const cap = {} as { side: any; v: View };
  let dir: string | undefined;
  beforeAll(() => {
    if (!python) return;
    dir = tempDir();
    const r = runPython([join(PROGRAMS, `${program}.py`), join(dir, 'snap.json'), join(dir, 'side.json')], python);
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.status).toBe(0);
    cap.side = JSON.parse(readFileSync(join(dir, 'side.json'), 'utf8'));
    cap.v = readSnapshot(join(dir, 'snap.json'));
  }, 120_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
  return cap;
}
