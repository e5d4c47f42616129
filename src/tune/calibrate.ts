// `gcdiag tune --calibrate`: time collections of known heaps on the given
// interpreter (python -m gcdiag_capture.calibrate) and fit their cost.
import { execFile } from 'node:child_process';
import { capturePythonPath } from '../capture/spawn.js';
import { UsageError } from '../errors.js';
import { fitCost, medianPoints, type CostPoint } from './calibrate-fit.js';
import type { Calibration } from './calibrate-schema.js';
import { interpreterVersion } from './measure-run.js';

export interface CalibrateOptions {
  repeats?: number;
  maxObjects?: number;
}

/** The points measured by the interpreter: [generation, examined, cpu ns]. */
export function timeCollections(python: string, o: CalibrateOptions = {}): Promise<{ python: string; points: CostPoint[] }> {
  const argv = ['-m', 'gcdiag_capture.calibrate'];
  if (o.repeats !== undefined) argv.push('--repeats', String(o.repeats));
  if (o.maxObjects !== undefined) argv.push('--max-objects', String(o.maxObjects));
  return new Promise((resolve, reject) => {
    execFile(python, argv, { env: { ...process.env, PYTHONPATH: capturePythonPath() }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (stderr.trim().split('\n').pop() ?? err.message);
        reject(new UsageError(`cannot calibrate with ${python}: ${why}`));
        return;
      }
      resolve(JSON.parse(stdout) as { python: string; points: CostPoint[] });
    });
  });
}

/** The calibration file's content for the measured points. */
export function calibration(python: string, interpreter: string, measured: CostPoint[], created = new Date()): Calibration {
  const points = medianPoints(measured);
  const all = fitCost(points);
  const byGeneration = [0, 2]
    .map((g) => ({ generation: g, ...fitCost(points.filter((p) => p[0] === g), all.perCollectionNs) }))
    .filter((f) => f.points > 0);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    format: 'gcdiag-calibration',
    version: 1,
    python,
    perCollectionNs: Math.round(all.perCollectionNs),
    perObjectNs: round(all.perObjectNs),
    fit: { r2: Math.round(all.r2 * 1000) / 1000, rmsNs: Math.round(all.rmsNs), points: all.points },
    byGeneration: byGeneration.map((f) => ({ ...f, perCollectionNs: Math.round(f.perCollectionNs), perObjectNs: round(f.perObjectNs), r2: Math.round(f.r2 * 1000) / 1000, rmsNs: Math.round(f.rmsNs) })),
    interpreter,
    created: created.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

export async function calibrate(python: string, o: CalibrateOptions = {}): Promise<Calibration> {
  interpreterVersion(python);
  const { python: version, points } = await timeCollections(python, o);
  return calibration(version, python, points);
}
