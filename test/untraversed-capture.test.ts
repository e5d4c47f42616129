// Memory a C object holds through fields the collector does not traverse,
// reported per holder: io.StringIO behind a logging.StreamHandler, captured on
// every CPython 3.8-3.13 installed. The program's own sys.getsizeof of the
// lines it wrote is the oracle for 3.8-3.11 (a list only the StringIO's struct
// points to), its tell() and characters written for 3.12+ (a string in no
// snapshot at all).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshot } from '../src/snapshot/load.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { why } from '../src/analysis/why.js';
import { whyReporters } from '../src/report/why.js';
import { WhyReport } from '../src/report/schemas/why.js';
import { EXTRA_PYTHONS, PROGRAMS, PYTHON, pythonName, runPython, tempDir } from './capture-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(python: string, tag: string) {
  const out = join(dir, `stringio-${tag}.json`);
  const side = join(dir, `stringio-${tag}.side.json`);
  const r = runPython(['-m', 'gcdiag_capture', '--out', out, join(PROGRAMS, 'stringio_log.py'), side, '2000'], python);
  expect(r.stderr).not.toMatch(/Traceback/);
  expect(r.status).toBe(0);
  return { out, side: JSON.parse(readFileSync(side, 'utf8')) as { lines: number; chars: number; bytes: number; getsizeof: number; tell: number } };
}

const pythons = [{ version: 'python3', exe: PYTHON as string | undefined }, ...EXTRA_PYTHONS];

describe('io.StringIO writes, held through C fields', () => {
  for (const py of pythons) {
    it.skipIf(!py.exe)(`are reported with their holder and bytes on ${pythonName(py)}`, async () => {
      const { out, side } = capture(py.exe!, py.version);
      const f = graphFacts(await loadSnapshot(out));
      const g = f.graph;
      const buf = g.roots.find((r) => r.name === 'module __main__')!.to.find((x) => x.label === 'buf')!.index;
      // What sys.getsizeof says of the holder is what the snapshot records: none of the writes.
      expect(g.size[buf]).toBe(side.getsizeof);
      const r = why(f, { id: g.ids[buf] });
      expect(r.untraversed).toHaveLength(1);
      const h = r.untraversed![0];
      expect(h.holder).toEqual({ id: g.ids[buf], type: '_io.StringIO' });
      const minor = Number(/^3\.(\d+)/.exec(g.header.python.version)![1]);
      if (minor <= 11) {
        // The accumulating list and every line written: its own size plus the program's getsizeof of each line.
        expect(h.objects.map((o) => o.type)).toEqual(['builtins.list']);
        const list = g.idIndex!.get(h.objects[0].id);
        expect(h.bytes - g.size[list]).toBe(side.bytes);
        expect(h.chars).toBeUndefined();
        // Every line's path now starts at the StringIO, not "held from outside the snapshot".
        const lines = why(f, { type: 'str' }).clusters.find((c) => c.path.outside?.holder);
        expect(lines?.count).toBe(side.lines);
        expect(lines!.path.outside!.holder!.id).toBe(g.ids[buf]);
      } else {
        expect(h.objects).toEqual([]);
        expect(h.chars).toBe(side.chars);
        expect(h.chars).toBe(side.tell);
      }
      const text = whyReporters.table(r);
      expect(text).toContain('Held through C fields the collector does not traverse');
      expect(WhyReport.safeParse(JSON.parse(whyReporters.json(r))).success).toBe(true);
    });
  }
});
