// Shared helpers for reporters: tables without colour noise when NO_COLOR is set.
import Table from 'cli-table3';
import chalk from 'chalk';

export function table(head: string[], rows: (string | number)[][], align?: ('left' | 'right')[]): string {
  const t = new Table({
    head: head.map((h) => chalk.bold(h)),
    style: { head: [], border: [], compact: true },
    ...(align ? { colAligns: align } : {}),
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

export function heading(s: string): string {
  return chalk.bold.underline(s);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function tuple(v: number[]): string {
  return `(${v.join(', ')})`;
}

/** A two-column key/value table without a header row. */
export function kvTable(rows: [string, string | number][]): string {
  const t = new Table({ style: { head: [], border: [], compact: true } });
  for (const [k, v] of rows) t.push([k, String(v)]);
  return t.toString();
}
