// The everyday leak hunt on real programs built on Flask, SQLAlchemy and
// requests (Debian's python3-flask, python3-sqlalchemy, python3-requests on
// /usr/bin/python3): each program in fixtures/programs/real_*.py captures two
// snapshots itself; the built CLI's snapshot-diff, in an 80-column terminal,
// must name the leak's retainer on its first screen for the leaking ones and
// say "Nothing grew" for the clean ones.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMS, PY_DIR, tempDir } from './capture-helpers.js';
import { inTerminal, hasScript, ANSI } from './cli/terminal-helpers.js';
import { gcdiag } from './helpers/cli.js';
import { DiffReport } from '../src/report/schemas/diff.js';

/** Debian's interpreter: the one with the libraries (pyenv's have none). */
const PYTHON = process.env.GCDIAG_DEBIAN_PYTHON ?? '/usr/bin/python3';
/** The programs' default: enough warm-up for every bounded cache (urlsplit's 128 entries) to be full before the first snapshot. */
const ROUNDS = '200';
const SCREEN = 24;

const hasModule = (mod: string) => existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${mod}`], { encoding: 'utf8' }).status === 0;
const MODULES = new Map(['flask', 'sqlalchemy', 'requests'].map((m) => [m, hasModule(m)]));

interface Case { program: string; lib: string; leak?: RegExp[] }

const CASES: Case[] = [
  { program: 'real_flask_cache', lib: 'flask', leak: [/^1\. dict 0x[0-9a-f]+ gained \+[\d,]+ new objects/, /module __main__ → app → .*dict\['page_cache'\] → PageCache\.pages → dict\[.*\] → CachedPage/] },
  { program: 'real_sqlalchemy_listener', lib: 'sqlalchemy', leak: [/^1\. deque 0x[0-9a-f]+ gained \+[\d,]+ new objects/, /module __main__ → engine → .*ConnectionEventsDispatch\.before_cursor_execute → _ListenerCollection\.listeners → deque/, /method\.__self__ → OrderRepository/] },
  { program: 'real_requests_errors', lib: 'requests', leak: [/^1\. list 0x[0-9a-f]+ gained \+[\d,]+ new objects/, /module __main__ → retries → RetryQueue\.failed → list\[\d+\] → HTTPError/, /exception-holds-frames/] },
  { program: 'real_flask_clean', lib: 'flask' },
  { program: 'real_sqlalchemy_clean', lib: 'sqlalchemy' },
  { program: 'real_requests_clean', lib: 'requests' },
];

let dir: string;
/** The captures, started together (they take most of the time; CI has cores to spare). */
const captures = new Map<string, Promise<{ before: string; after: string; stderr: string; code: number | null }>>();

beforeAll(() => {
  dir = tempDir();
  for (const c of CASES) if (!skipReason(c)) captures.set(c.program, capture(c.program));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(program: string): Promise<{ before: string; after: string; stderr: string; code: number | null }> {
  const out = join(dir, program);
  mkdirSync(out);
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [join(PROGRAMS, `${program}.py`), out, ROUNDS], { env: { ...process.env, PYTHONPATH: PY_DIR }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 170_000 });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('close', (code) => resolve({ before: join(out, 'before.json'), after: join(out, 'after.json'), stderr, code }));
  });
}

/** The first screen as the terminal showed it, wrapped lines joined (paths wrap at spaces). */
function firstScreen(files: { before: string; after: string }): { lines: string[]; text: string } {
  const r = inTerminal(['snapshot-diff', files.before, files.after], 80);
  expect(r.code).toBe(0);
  // `script` may put the terminal's title first; the report starts at its heading.
  const out = r.out.replace(ANSI, '');
  const lines = out.slice(out.indexOf('Snapshot diff by')).split('\n').slice(0, SCREEN);
  return { lines, text: lines.map((l) => l.trim()).join(' ') };
}

const skipReason = (c: Case) => (!existsSync(PYTHON) ? `${PYTHON} not installed` : !MODULES.get(c.lib) ? `${PYTHON} has no ${c.lib} (apt-get install python3-${c.lib})` : !hasScript ? 'no `script` (util-linux) for an 80-column terminal' : '');

describe('snapshot-diff on real programs, first screen at 80 columns', () => {
  for (const c of CASES) {
    const reason = skipReason(c);
    it.skipIf(reason !== '')(`${c.program}.py: ${c.leak ? 'names the leak\'s retainer as suspect 1' : 'says "Nothing grew"'}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
      const files = await captures.get(c.program)!;
      expect(files.stderr, `${c.program} failed`).not.toMatch(/Traceback/);
      expect(files.code).toBe(0);
      const { lines, text } = firstScreen(files);
      expect(lines.every((l) => [...l].length <= 80), lines.join('\n')).toBe(true);
      if (c.leak) {
        const start = lines.findIndex((l) => l.startsWith('1. '));
        const end = lines.findIndex((l, k) => k > start && /^(2\. |\S)/.test(l));
        const first = lines.slice(start, end < 0 ? undefined : end).map((l) => l.trim()).join(' ');
        expect(start, lines.join('\n')).toBeGreaterThan(0);
        expect(text, lines.join('\n')).toContain('Leak suspects');
        for (const re of c.leak) expect(first, lines.join('\n')).toMatch(re);
      } else {
        expect(lines.filter((l) => l.startsWith('Nothing grew')), lines.join('\n')).toHaveLength(1);
        expect(text).not.toContain('Leak suspects');
        const json = DiffReport.parse(JSON.parse(gcdiag(['snapshot-diff', files.before, files.after, '--format', 'json']).stdout));
        expect(json.nothingGrew).toBe(true);
        expect(json.suspects).toEqual([]);
      }
    }, 180_000);
  }
});
