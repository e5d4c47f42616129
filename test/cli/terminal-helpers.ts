// Running the built CLI as a user would: in a pseudo-terminal of a given width
// (util-linux `script`), or in a shell pipe such as `gcdiag … | head -1`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const BIN = join(ROOT, 'bin', 'gcdiag.js');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The environment without the colour variables the golden tests and CI set. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  // CI=true (as CI sets it) makes chalk's terminal detection report no colour support.
  delete env.CI;
  return { ...env, TERM: 'xterm-256color', ...extra };
}

export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** gcdiag ARGS with stdout (and stderr) on a terminal COLS wide; what the terminal showed. */
export function inTerminal(args: string[], cols: number, env: Record<string, string> = {}): { out: string; code: number } {
  const cmd = `stty cols ${cols}; ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: plainEnv(env), timeout: 120_000 });
  return { out: r.stdout.replace(/\r\n/g, '\n'), code: r.status ?? -1 };
}

/** `gcdiag ARGS | TAIL` in bash: gcdiag's exit code (PIPESTATUS) and its stderr. */
export function inPipe(args: string[], tail: string, env: Record<string, string> = {}): { out: string; err: string; code: number } {
  const cmd = `${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')} 2>"$ERR" | ${tail}; exit \${PIPESTATUS[0]}`;
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-pipe-'));
  const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', env: { ...plainEnv(env), ERR: join(dir, 'err') }, timeout: 120_000 });
  const err = readFileSync(join(dir, 'err'), 'utf8');
  rmSync(dir, { recursive: true });
  return { out: r.stdout, err, code: r.status ?? -1 };
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
export const columnsOf = (line: string) => [...line.replace(ANSI, '')].length;
