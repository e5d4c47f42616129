// Where a report goes decides how it looks: colours only for a terminal (or when
// asked), tables fitted to the terminal's width, unlimited in pipes and files.
// Decided once per run by the CLI (configureOutput); library callers get the defaults.
import chalk, { supportsColor } from 'chalk';

type Env = Record<string, string | undefined>;
type Level = 0 | 1 | 2 | 3;

let width: number | undefined;

/**
 * Colour level, most explicit first: --no-color; FORCE_COLOR (as Node and chalk
 * read it: "", "true" or 1-3 force, "0" or "false" forbid); NO_COLOR set and not
 * empty (no-color.org); a file (--out) has none; else what the terminal supports.
 */
export function colorLevel(flag: boolean | undefined, env: Env, toFile: boolean, terminal: Level): Level {
  if (flag === false) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false') return 0;
    const n = Number.parseInt(force, 10);
    if (Number.isFinite(n)) return Math.max(0, Math.min(n, 3)) as Level;
  }
  if (env.NO_COLOR) return 0;
  return toFile ? 0 : terminal;
}

/** Columns a table may take: the terminal's, or unlimited for pipes and files. */
export function outputWidth(): number {
  return width ?? (process.stdout.isTTY ? process.stdout.columns || 80 : Infinity);
}

export function configureOutput(opts: { color?: boolean; out?: string }): void {
  const toFile = opts.out !== undefined && opts.out !== '-';
  const terminal = process.stdout.isTTY && supportsColor ? supportsColor.level : 0;
  chalk.level = colorLevel(opts.color, process.env, toFile, terminal);
  width = !toFile && process.stdout.isTTY ? process.stdout.columns || 80 : Infinity;
}
