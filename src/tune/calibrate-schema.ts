// The calibration file `gcdiag tune --calibrate` writes and `gcdiag tune --cost FILE`
// reads: the cost of a collection on one interpreter, cost = perCollectionNs +
// perObjectNs * objects examined (thread CPU time). Extra fields say how good the fit is.
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { inputFileSize } from '../files.js';

const Fit = z.object({
  perCollectionNs: z.number().nonnegative(),
  perObjectNs: z.number().nonnegative(),
  /** Coefficient of determination of the least-squares fit (1 = every point on the line). */
  r2: z.number(),
  /** Root mean square of the residuals, ns. */
  rmsNs: z.number().nonnegative(),
  points: z.number().int().nonnegative(),
});

export const Calibration = z.object({
  format: z.literal('gcdiag-calibration'),
  version: z.literal(1),
  python: z.string().regex(/^\d+\.\d+\.\d+/),
  perCollectionNs: z.number().nonnegative(),
  perObjectNs: z.number().nonnegative(),
  fit: Fit.omit({ perCollectionNs: true, perObjectNs: true }).optional(),
  /** The same fit over one generation's collections: young (0) and full (2) ones cost differently per object. */
  byGeneration: z.array(Fit.extend({ generation: z.number().int().min(0).max(2) })).optional(),
  interpreter: z.string().optional(),
  created: z.string().optional(),
});
export type Calibration = z.infer<typeof Calibration>;
export type CostFit = z.infer<typeof Fit>;

/** A calibration file, or an InputError naming the file and the field that is wrong. */
export function readCalibration(file: string): Calibration {
  if (inputFileSize(file) > 16 * 1024 * 1024) throw new InputError(file, '', 'is too large for a calibration file');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new InputError(file, 'line 1', 'expected a JSON calibration file (gcdiag tune --calibrate --out FILE)');
  }
  const r = Calibration.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? issue.path.map(String).join('.') : 'top level';
    throw new InputError(file, where, `expected a gcdiag-calibration file: ${issue.message}`);
  }
  return r.data;
}
