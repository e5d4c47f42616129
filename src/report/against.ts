// Reporters for `replay --against`: model and CPython side by side, differences marked.
import chalk from 'chalk';
import type { AgainstResult } from '../oracle/against.js';
import type { ReplayFormat } from './replay.js';
import { table } from './format.js';

function againstTable(r: AgainstResult): string {
  const c = r.comparison;
  const head = `${r.model.file}: model CPython ${c.profile} vs ${r.interpreter}`;
  const rows = c.rows.map((row) => [row.same ? chalk.green('same') : chalk.red.bold('DIFF'), row.item, row.model, row.cpython]);
  const verdict = c.differences === 0
    ? chalk.green(`all ${c.rows.length} observables agree`)
    : chalk.red.bold(`${c.differences} of ${c.rows.length} observables differ`);
  return [head, table(['', 'observable', 'model', 'CPython'], rows), verdict].join('\n');
}

function againstJson(r: AgainstResult): string {
  return JSON.stringify({ interpreter: r.interpreter, comparison: r.comparison, model: r.model }, null, 2);
}

export const againstReporters = {
  table: againstTable,
  json: againstJson,
} satisfies Record<ReplayFormat, (r: AgainstResult) => string>;
