// The tutorial's runnable examples (fixtures/tutorial/*.py), their recorded
// output per interpreter, and the masks for lines a trace does not reproduce.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';
import type { ReplayResult } from '../replay/replay.js';

export interface Mask {
  pattern: string;
  replace: string;
  why: string;
}

export function tutorialDir(): string {
  return join(packageRoot(), 'fixtures', 'tutorial');
}

/** Example names, e.g. "6.1-del-cycle" (program NAME.py, trace fixtures/traces/tutorial-NAME.json). */
export function tutorialExamples(): string[] {
  return readdirSync(tutorialDir()).filter((f) => f.endsWith('.py')).map((f) => f.slice(0, -3)).sort();
}

export function tutorialMasks(name: string): Mask[] {
  const all = JSON.parse(readFileSync(join(tutorialDir(), 'masks.json'), 'utf8')) as Record<string, Mask[] | string>;
  const m = all[name];
  return Array.isArray(m) ? m : [];
}

export function applyMasks(lines: string[], masks: Mask[]): string[] {
  return lines.map((l) => masks.reduce((s, m) => s.replace(new RegExp(m.pattern), m.replace), l));
}

/** What the replayed trace prints, in order (print events and finalizer/callback texts). */
export function printedLines(r: ReplayResult): string[] {
  return r.calls.filter((c) => c.text !== undefined && c.text !== null).map((c) => c.text!);
}
