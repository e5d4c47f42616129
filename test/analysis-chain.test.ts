// A linked list of a million objects closed into one ring: every walk (load,
// Tarjan, BFS, Lengauer-Tarjan, retained sizes, path clusters) must be
// iterative, or this overflows the stack.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../src/snapshot/load.js';
import { findCycles } from '../src/analysis/cycles.js';
import { graphFacts } from '../src/analysis/graph-facts.js';
import { retainedSize } from '../src/analysis/dominators.js';
import { why } from '../src/analysis/why.js';
import { pathText, cycleText } from '../src/report/why-path.js';
import type { HeapGraph } from '../src/snapshot/graph.js';

const N = 1_000_000;
const FIRST_ID = 140_000_000_000_000;
let dir: string;
let g: HeapGraph;

/** Columnar snapshot: Link i → Link i+1, the last back to the first, a module holds the first. */
function writeRing(file: string): void {
  const fd = openSync(file, 'w');
  const column = (name: string, value: (i: number) => number, last = false) => {
    writeSync(fd, `"${name}": [`);
    for (let s = 0; s < N; s += 100_000) writeSync(fd, (s ? ',' : '') + Array.from({ length: Math.min(100_000, N - s) }, (_, k) => value(s + k)).join(','));
    writeSync(fd, last ? ']' : '],');
  };
  writeSync(fd, JSON.stringify({
    format: 'gcdiag-snapshot', version: 1, layout: 'columnar', python: { version: '3.12.3' },
    gc: { enabled: true, thresholds: [2000, 10, 10], counts: [0, 0, 0], stats: [0, 1, 2].map(() => ({ collections: 0, collected: 0, uncollectable: 0 })) },
    strings: ['', 'app.Link', 'next'], roots: [{ name: 'module app', kind: 'module', to: [{ id: FIRST_ID, label: 'HEAD' }] }],
  }).slice(0, -1) + `, "objects": {"count": ${N},`);
  column('id', (i) => FIRST_ID + 16 * i);
  column('type', () => 1);
  column('size', () => 48);
  column('refcount', (i) => (i === 0 ? 2 : 1));
  column('gen', () => 2);
  column('flags', () => 3, true);
  writeSync(fd, `}, "edges": {"count": ${N},`);
  column('from', (i) => i);
  column('to', (i) => (i + 1) % N);
  column('label', () => 2);
  column('kind', () => 0, true);
  writeSync(fd, '}}');
  closeSync(fd);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcdiag-chain-'));
  const file = join(dir, 'ring.json');
  writeRing(file);
  g = await loadSnapshot(file, { streamAbove: 0 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 1,000,000-object ring', () => {
  it('loads', () => {
    expect(g.n).toBe(N);
    expect(g.edgeTo.length).toBe(N);
  });

  it('is one live cycle, drawn as one repeated step', () => {
    const r = findCycles(g);
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]).toMatchObject({ class: 'live', count: 1, members: N });
    expect(cycleText(r.groups[0].drawing.cycle)).toBe('(Link.next ×1,000,000) → ↺');
  }, 30_000);

  it('explains its last object: the whole chain on one line, retained sizes down the chain', () => {
    const f = graphFacts(g);
    const last = why(f, { id: FIRST_ID + 16 * (N - 1) });
    expect(pathText(last.paths[0])).toBe('module app → HEAD → (Link.next ×999,999) → Link');
    expect(last.object?.retained).toBe(48);
    expect(retainedSize(f.dominators, 0)).toBe(48 * N);
    const all = why(f, { type: 'Link' });
    expect(all.count).toBe(N);
    expect(all.retained).toBe(48 * N);
  }, 30_000);
});
