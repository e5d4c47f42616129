// Reporters for `replay --against`: model and CPython side by side, differences marked.
import chalk from 'chalk';
import type { AgainstResult } from '../oracle/against.js';
import type { ReplayFormat } from './replay.js';
import { table, fitLines, type ColumnSpec } from './format.js';
import type { AgainstReport } from './schemas/replay.js';

const SPECS: ColumnSpec[] = [{ priority: 0 }, { priority: 1, overflow: 'wrap', min: 16 }, { priority: 2, overflow: 'wrap', min: 14 }, { priority: 3, overflow: 'wrap', min: 14 }];

function againstTable(r: AgainstResult): string {
  const c = r.comparison;
  const head = `${r.model.file}: model CPython ${c.profile} vs ${r.interpreter}`;
  const rows = c.rows.map((row) => [row.same ? chalk.green('same') : chalk.red.bold('DIFF'), row.item, row.model, row.cpython]);
  const verdict = c.differences === 0
    ? chalk.green(`all ${c.rows.length} observables agree`)
    : chalk.red.bold(`${c.differences} of ${c.rows.length} observables differ`);
  return fitLines([head, table(['', 'observable', 'model', 'CPython'], rows, { columns: SPECS }), verdict].join('\n'));
}

function againstJson(r: AgainstResult): string {
  // The table compares the values as JSON text; the report carries the values.
  const value = (s: string | undefined): unknown => (s === undefined ? null : JSON.parse(s));
  const rows = r.comparison.rows.map((row) => ({ ...row, model: value(row.model), cpython: value(row.cpython) }));
  const report: AgainstReport = { format: 'gcdiag-replay-against', version: 1, interpreter: r.interpreter, comparison: { ...r.comparison, rows }, model: r.model };
  return JSON.stringify(report, null, 2);
}

export const againstReporters = {
  table: againstTable,
  json: againstJson,
} satisfies Record<ReplayFormat, (r: AgainstResult) => string>;
