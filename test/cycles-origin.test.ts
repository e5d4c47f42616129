// find-cycles leads with the program's own cycles on a real heap (a program
// importing logging, json and asyncio, captured with the machine's python3):
// the interpreter's shapes (class ↔ __mro__, descriptors, modules, enums,
// ctypes) are one line unless --all, and the DOT output draws the program's
// shape first, coloured by class, and renders with Graphviz.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadSnapshot } from '../src/snapshot/load.js';
import { findCycles, type CyclesResult } from '../src/analysis/cycles.js';
import { STDLIB_MODULES } from '../src/analysis/stdlib-modules.js';
import { CyclesReport } from '../src/report/schemas/cycles.js';
import { cycleText } from '../src/report/why-path.js';
import { EXTRA_PYTHONS, PYTHON, pythonName, tempDir, captureAtExit, ROOT } from './capture-helpers.js';

let dir: string;
let file: string;
let listed: CyclesResult;
let all: CyclesResult;
beforeAll(async () => {
  dir = tempDir();
  captureAtExit('cycles_mixed', dir);
  file = join(dir, 'cycles_mixed.json');
  const g = await loadSnapshot(file);
  listed = findCycles(g);
  all = findCycles(g, { all: true, limit: 100_000 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const userTypes = (r: CyclesResult, k: number) => r.groups[k].types.map((t) => t.type).sort();

describe('find-cycles on a real heap', () => {
  it('lists the program\'s two cycles first: the garbage pairs, then the live ones', () => {
    expect(listed.groups.slice(0, 2).map((gr) => [gr.origin, gr.class, gr.count])).toEqual([['program', 'garbage', 5], ['program', 'live', 10]]);
    expect(userTypes(listed, 0)).toEqual(['__main__.Handler', '__main__.Session']);
    expect(cycleText(listed.groups[1].drawing.cycle)).toMatch(/^(Session\.handler → Handler\.session|Handler\.session → Session\.handler) → ↺$/);
    expect(listed.groups.every((gr) => gr.origin !== 'interpreter' || gr.unreachable)).toBe(true);
  });

  it('counts the interpreter\'s shapes in one summary, and lists exactly those with --all', () => {
    const hidden = all.groups.filter((gr) => gr.origin === 'interpreter' && gr.class === 'live');
    expect(listed.internal.shapes).toBeGreaterThan(100);
    expect(hidden.length).toBe(listed.internal.shapes);
    expect(hidden.reduce((n, gr) => n + gr.count, 0)).toBe(listed.internal.cycles);
    expect(hidden.reduce((n, gr) => n + gr.bytes, 0)).toBe(listed.internal.bytes);
    // Shown shapes are the rest; totals are the same either way.
    expect(all.groups.length - hidden.length).toBe(listed.groups.length + listed.omitted + listed.smaller);
    expect(all.totals).toEqual(listed.totals);
    // The program's own come first with --all too; the interpreter's last.
    const ranks = all.groups.map((gr) => ['program', 'stdlib', 'interpreter'].indexOf(gr.origin));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('calls every class ↔ __mro__ and every enum or module shape the interpreter\'s', () => {
    const mro = all.groups.filter((gr) => gr.drawing.cycle.some((s) => s.label === '__mro__'));
    expect(mro.length).toBeGreaterThan(10);
    for (const gr of mro) if (!gr.types.some((t) => t.type.startsWith('__main__.'))) expect(gr.origin).toBe('interpreter');
    const enums = all.groups.filter((gr) => gr.types.some((t) => t.type === 'enum.EnumType'));
    expect(enums.length).toBeGreaterThan(3);
    for (const gr of enums) expect(gr.origin).toBe('interpreter');
    const modules = all.groups.filter((gr) => gr.types.some((t) => t.type === 'builtins.module'));
    for (const gr of modules) expect(gr.origin).toBe('interpreter');
  });

  it('reports origin and the internal summary in JSON that the schema accepts', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/gcdiag.js'), 'find-cycles', file, '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(CyclesReport.safeParse(doc).success).toBe(true);
    expect(doc.groups[0].origin).toBe('program');
    expect(doc.internal).toEqual({ ...listed.internal });
  });

  it('says so in one line in the table', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/gcdiag.js'), 'find-cycles', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toContain(`${listed.internal.shapes} shapes`);
    expect(r.stdout).toMatch(/are the interpreter's own: .*not listed \(--all lists them\)/);
    expect(r.stdout.indexOf('Session')).toBeLessThan(r.stdout.indexOf('Logger'));
  });
});

const hasDot = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;

describe('find-cycles --format dot on a real heap', () => {
  it.skipIf(!hasDot)('(needs Graphviz dot) renders, one cluster per listed shape, the program\'s first, framed by class', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/gcdiag.js'), 'find-cycles', file, '--format', 'dot'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const clusters = [...r.stdout.matchAll(/label="(#\d+ [^"]*)";\n\s*color="(#[0-9a-f]+)"/g)].map((m) => [m[1], m[2]]);
    expect(clusters.length).toBe(listed.groups.length);
    const first = clusters.find(([label]) => label.startsWith('#1 '))!;
    expect(first[0]).toMatch(/^#1 garbage ×5 \(program\)/);
    expect(first[1]).toBe('#1f77b4');
    expect(clusters.find(([label]) => label.startsWith('#2 '))![1]).toBe('#7f7f7f');
    expect(r.stdout).toContain('live interpreter cycles in');
    const dot = join(dir, 'cycles.dot');
    writeFileSync(dot, r.stdout);
    const svg = spawnSync('dot', ['-Tsvg', dot], { encoding: 'utf8' });
    expect(svg.stderr).toBe('');
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('<svg');
  });
});

describe('the standard library module list', () => {
  for (const py of [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS.filter((p) => ['3.10', '3.12', '3.13'].includes(p.version))]) {
    it.skipIf(!py.exe)(`holds every sys.stdlib_module_names of ${pythonName(py)}`, () => {
      const r = spawnSync(py.exe!, ['-c', 'import sys; print("\\n".join(sorted(sys.stdlib_module_names)))'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const missing = r.stdout.split('\n').filter((m) => m && !STDLIB_MODULES.has(m));
      expect(missing).toEqual([]);
    });
  }
});
