// The calibrate path of `gcdiag tune`: time collections on the interpreter,
// write the "gcdiag-calibration" file (--out) that `tune --cost FILE` reads,
// or show it (table: the fit and its quality; json: the file's content).
import { checkOutPath } from '../files.js';
import { writeOutput } from '../report/output.js';
import { table } from '../report/format.js';
import { calibrate } from './calibrate.js';
import type { Calibration } from './calibrate-schema.js';

export interface CalibrateFlags {
  python?: string;
  out?: string;
  format: string;
}

function summary(c: Calibration): string {
  const fits = [
    ['all collections', c.perCollectionNs, c.perObjectNs, c.fit?.r2, c.fit?.points],
    ...(c.byGeneration ?? []).map((f) => [f.generation === 0 ? 'young (gen 0)' : 'full (gen 2)', f.perCollectionNs, f.perObjectNs, f.r2, f.points]),
  ].map(([what, a, b, r2, n]) => [String(what), `${(Number(a) / 1000).toFixed(1)} µs`, `${Number(b).toFixed(1)} ns`, r2 === undefined ? '–' : Number(r2).toFixed(3), String(n ?? '–')]);
  return [
    `Collection cost on CPython ${c.python} (${c.interpreter ?? 'python3'}): thread CPU time of gc.collect() over heaps of known sizes`,
    table(['fit', 'per collection', 'per object', 'R²', 'points'], fits, ['left', 'right', 'right', 'right', 'right']),
    'cost = per collection + per object × objects examined; --out FILE writes it for `gcdiag tune --cost FILE`.',
  ].join('\n');
}

export async function calibrateAction(f: CalibrateFlags): Promise<number> {
  checkOutPath(f.out);
  const c = await calibrate(f.python ?? 'python3');
  const json = JSON.stringify(c, null, 2);
  if (f.out && f.out !== '-') {
    writeOutput(json, f.out);
    process.stderr.write(`gcdiag: wrote ${f.out}: ${(c.perCollectionNs / 1000).toFixed(1)} µs per collection + ${c.perObjectNs} ns per object (R² ${c.fit?.r2})\n`);
    return 0;
  }
  writeOutput(f.format === 'json' ? json : summary(c), f.out);
  return 0;
}
