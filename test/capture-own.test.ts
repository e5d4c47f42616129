// A snapshot leaves gcdiag_capture's own objects out: none of the objects the
// program names as the package's (by module and qualified name: modules,
// namespaces, functions, classes, code, instances, frames) is in it, no type
// and no root names the package, and the program's own objects are all there.
// Taken by snapshot() inside the program and by the runner (at exit, and on
// SIGUSR1 with the runner's frames below the program's).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRA_PYTHONS, PROGRAMS, PYTHON, expectInvariants, pythonName, readSnapshot, runPython, tempDir, type View } from './capture-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Mode = 'snapshot' | 'exit' | 'signal';

interface Side { own_ids: number[]; dir: string; modules: string[]; mixed: number; a: number; b: number }

function capture(mode: Mode, python: string): { v: View; side: Side } {
  const tag = `${mode}-${python.replace(/\W+/g, '_')}`;
  const out = join(dir, `${tag}.json`);
  const side = join(dir, `${tag}.side.json`);
  const program = join(PROGRAMS, 'own_objects.py');
  const args = mode === 'snapshot' ? [program, side, out]
    : mode === 'exit' ? ['-m', 'gcdiag_capture', '--out', out, '--layout', 'friendly', program, side]
      : ['-m', 'gcdiag_capture', '--on', 'signal', '--out', out, program, side, 'signal'];
  const r = runPython(args, python);
  expect(r.stderr).not.toMatch(/Traceback/);
  expect(r.status).toBe(0);
  const file = mode === 'signal' ? join(dir, `${tag}.1.json`) : out;
  return { v: readSnapshot(file), side: JSON.parse(readFileSync(side, 'utf8')) };
}

function expectNothingOwn(mode: Mode, python: string): void {
  const { v, side } = capture(mode, python);
  expectInvariants(v);
  expect(side.modules.length).toBeGreaterThan(10);
  expect(side.own_ids.length).toBeGreaterThan(200);
  expect(side.own_ids.filter((id) => v.index.has(id))).toEqual([]);
  expect([...new Set(v.type)].filter((t) => t.startsWith('gcdiag_capture'))).toEqual([]);
  const named = v.doc.roots.filter((r) => r.name.includes('gcdiag_capture') || r.to.some((t) => t.label?.includes(side.dir)));
  expect(named.map((r) => r.name)).toEqual([]);
  // The program's own objects are all there: its cycle, its cache, its closure.
  expect(v.ofType('__main__.Node')).toHaveLength(2);
  const main = v.root('module __main__')!;
  expect(main.to.map((t) => t.label)).toEqual(expect.arrayContaining(['Node', 'main', 'ours']));
  expect(main.to.map((t) => t.label)).not.toContain('gcdiag_capture');
  // [a, gcdiag_capture, b, snapshot]: the edges left are a's and b's, labelled by their places.
  const mixed = v.index.get(side.mixed)!;
  expect(v.out[mixed].map((k) => [v.id[v.edges[k].to], v.edges[k].label]).sort())
    .toEqual([[side.a, '[0]'], [side.b, '[2]']].sort());
  const cache = v.doc.roots.find((r) => r.name.startsWith('frame main '));
  if (mode === 'signal' && cache) expect(cache.to.map((t) => t.label)).toEqual(expect.arrayContaining(['a', 'b', 'cache']));
}

for (const py of [{ version: '', exe: PYTHON }, ...EXTRA_PYTHONS]) {
  describe(`no object of gcdiag_capture's own in a snapshot (${pythonName(py)})`, () => {
    it.skipIf(!py.exe)('taken by snapshot() in the program', () => expectNothingOwn('snapshot', py.exe!));
    it.skipIf(!py.exe)('taken by the runner at exit', () => expectNothingOwn('exit', py.exe!));
    it.skipIf(!py.exe)('taken by the runner on SIGUSR1, its frames on the stack', () => expectNothingOwn('signal', py.exe!));
  });
}
