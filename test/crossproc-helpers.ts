// Shared by the cross-process snapshot-diff tests (fast tier and oracle tier):
// three runs of fixtures/programs/cache_service.py captured with one
// interpreter, diffed with the built CLI.
import { expect } from 'vitest';
import { join } from 'node:path';
import { PROGRAMS, runPython, tempDir } from './capture-helpers.js';
import { gcdiag } from './helpers/cli.js';
import type { DiffReport } from '../src/report/schemas/diff.js';

function capture(dir: string, name: string, requests: number, python: string): string {
  const out = join(dir, `${name}.json`);
  const r = runPython(['-m', 'gcdiag_capture', '--out', out, join(PROGRAMS, 'cache_service.py'), String(requests)], python);
  expect(r.stderr).toContain(`wrote ${out}`);
  return out;
}

export function diff(before: string, after: string, ...args: string[]): DiffReport {
  const r = gcdiag(['snapshot-diff', before, after, '--format', 'json', '--top', '1000', ...args]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as DiffReport;
}

export const row = (d: DiffReport, name: string) => d.rows.find((r) => r.name === name)!;

/**
 * The same program twice: nothing new or gone. 200 more requests: exactly 200
 * new pages and services. strictGone: also nothing gone in the longer run
 * (not on 3.8, where some objects held from outside differ with the load).
 */
export function twoRuns(python: string, strictGone: boolean): void {
  const dir = tempDir();
  // The longer run first: whatever a first run caches on disk is then in both shorter ones.
  const more = capture(dir, 'more', 600, python);
  const one = capture(dir, 'one', 400, python);
  const two = capture(dir, 'two', 400, python);

  const same = diff(one, two);
  if (strictGone) expect(same.identity).toMatchObject({ new: 0, gone: 0 });
  // pyenv's 3.8 and 3.13 (oracle tier), under load: a few objects held from outside the snapshot differ between runs (3.8, seen once
  // in the oracle tier beside other suites, not reproduced alone): a handful, never the program's.
  else expect(same.identity.new + same.identity.gone).toBeLessThanOrEqual(10);
  expect(same.matching).toMatchObject({ method: 'path', sameProcess: false });
  expect(same.identity.same).toBe(same.before.objects - same.matching.unmatchedBefore);
  expect(same.notes[0]).toMatch(/^the snapshots come from different processes \(different process tokens\)/);

  // 200 more requests: 200 more pages in the never-evicting cache, 200 more
  // PriceService kept by the lru_cache on a method; the 50 sessions are the same ones.
  const leak = diff(one, more);
  expect(row(leak, '__main__.PriceService')).toMatchObject({ countDelta: 200, new: 200, gone: 0 });
  // The 200 pages are new. 3.13 may also hold, from the C stack only (held from outside the
  // snapshot), a tuple of a few short bytes whose sizes differ between runs (measured: 3 such
  // bytes, none in the longer run): they are gone, the rest of the row is exact.
  const bytes = row(leak, 'builtins.bytes');
  expect(bytes.new).toBe(200);
  expect(bytes.countDelta).toBe(200 - bytes.gone);
  expect(bytes.gone).toBeLessThanOrEqual(5);
  expect(row(leak, '__main__.Session')).toMatchObject({ countDelta: 0, new: 0, gone: 0 });
  if (strictGone) expect(leak.identity.gone).toBe(0);
  // Type-level deltas do not depend on the matching.
  const byId = diff(one, more, '--match', 'id');
  expect(byId.rows.map((r) => [r.name, r.countDelta, r.bytesDelta]).sort()).toEqual(leak.rows.map((r) => [r.name, r.countDelta, r.bytesDelta]).sort());
  expect(byId.matching).toMatchObject({ method: 'id', sameProcess: false });
  expect(byId.notes[0]).toMatch(/matched by id \(--match id\)/);
}

