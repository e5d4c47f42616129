// The pytest plugin on the other CPythons (second tier: ~2 minutes): pyenv's 3.8 and
// 3.9 with Debian's pytest 7.2, 3.10, 3.12 and 3.13 with pyenv 3.11.7's pytest 9.
// Those interpreters have no pytest of their own (no PyPI here), so the tests put
// the pure-Python pytest and its dependencies on PYTHONPATH through a folder of
// links (Debian's python3-exceptiongroup and python3-tomli for < 3.11). Each gets
// the verdict on every fixture suite and the same report with and without the plugin.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PY_DIR } from '../capture-helpers.js';
import { counts, readSeries, runPytest, tempDir, testDirs, type Pytest } from '../plugin-helpers.js';

const DEBIAN = '/usr/lib/python3/dist-packages';
const PYENV = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');

function pyenvDir(version: string): string | undefined {
  if (!existsSync(PYENV)) return undefined;
  const d = readdirSync(PYENV).find((x) => x.startsWith(`${version}.`));
  return d ? join(PYENV, d) : undefined;
}

const P311 = pyenvDir('3.11');
const SITE9 = P311 && join(P311, 'lib', readdirSync(join(P311, 'lib')).find((x) => x.startsWith('python3'))!, 'site-packages');
const BACKPORTS = ['exceptiongroup', 'tomli'];
const FLAVOURS = {
  7: { from: DEBIAN, modules: ['_pytest', 'pytest', 'pluggy', 'iniconfig', 'packaging', 'attr', 'attrs', 'py', 'py.py', ...BACKPORTS] },
  9: { from: SITE9, modules: ['_pytest', 'pytest', 'pluggy', 'iniconfig', 'packaging', 'pygments', 'py.py'] },
} as const;

interface Other { version: string; pytest: 7 | 9 }
const OTHERS: Other[] = [
  { version: '3.8', pytest: 7 }, { version: '3.9', pytest: 7 }, { version: '3.10', pytest: 9 },
  { version: '3.12', pytest: 9 }, { version: '3.13', pytest: 9 },
];

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules' paths, or the first one missing. */
function sources(o: Other): { paths: string[]; missing?: string } {
  const f = FLAVOURS[o.pytest];
  const wanted: string[] = f.modules.map((m) => join(f.from ?? '/nonexistent', m));
  if (o.pytest === 9 && Number(o.version.split('.')[1]) < 11) wanted.push(...BACKPORTS.map((m) => join(DEBIAN, m)));
  return { paths: wanted, missing: wanted.find((p) => !existsSync(p)) };
}

function linked(o: Other, paths: string[]): string {
  const d = join(dir, `site-${o.version}`);
  if (!existsSync(d)) {
    mkdirSync(d, { recursive: true });
    for (const p of paths) symlinkSync(p, join(d, p.split('/').pop()!));
  }
  return d;
}

for (const o of OTHERS) {
  const home = pyenvDir(o.version);
  const exe = home && join(home, 'bin', 'python3');
  const src = sources(o);
  const why = !exe ? 'not installed' : src.missing ? `${src.missing} missing` : undefined;
  const py: Pytest = { label: `CPython ${o.version} with pytest ${o.pytest}`, exe: why ? undefined : exe, version: o.version };

  describe.skipIf(!!why)(`${py.label}${why ? ` (${why})` : ''}`, () => {
    const env = () => ({ PYTHONPATH: [PY_DIR, linked(o, src.paths)].join(delimiter), PYTHONDONTWRITEBYTECODE: '1' });
    const out = (suite: string) => join(dir, `${o.version}-${suite}`);

    const leaks: [string, string][] = [
      ['leak_cache', 'leak_cache_app.Result'], ['leak_listeners', 'leak_listeners_app.Listener'],
      ['leak_bound_method', 'leak_bound_method_app.Session'], ['few_objects', 'few_objects_app.Token'],
    ];
    for (const [suite, type] of leaks) {
      it(`${suite}: leaks, ${type} +1 per run`, () => {
        const r = runPytest(py, suite, ['--gcdiag-leaks', `--gcdiag-dir=${out(suite)}`], env());
        expect(r.status, r.stdout + r.stderr).toBe(1);
        const c = counts(readSeries(testDirs(out(suite))[0]), type);
        expect(c.slice(3).map((n, i) => n - c[2 + i])).toEqual([1, 1, 1]);
        expect(r.stdout).toMatch(/retainer of one .*-> .*\(/);
      });
    }

    for (const suite of ['clean_caches', 'cyclic_garbage']) {
      it(`${suite}: clean`, () => {
        const r = runPytest(py, suite, ['--gcdiag-leaks', `--gcdiag-dir=${out(suite)}`], env());
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toMatch(/ 0 leaking/);
      });
    }

    it('outcomes: the same report with and without the plugin', () => {
      const strip = (s: string) => s
        .replace(/-+ gcdiag leak check -+\n(?:(?:\d+ tests? checked|LEAK|not checked|ok)\b.*\n)*/, '')
        .replace(/ in \d+\.\d+s/, ' in N s');
      const plain = runPytest(py, 'outcomes', ['-rA'], env());
      const checked = runPytest(py, 'outcomes', ['-rA', '--gcdiag-leaks', `--gcdiag-dir=${out('outcomes')}`], env());
      expect(plain.stdout).toMatch(/1 failed, 9 passed, 2 skipped, 1 xfailed, 1 xpassed, 1 warning, 2 errors/);
      expect(strip(checked.stdout)).toBe(strip(plain.stdout));
      expect(checked.stdout).toMatch(/15 tests checked, 0 leaking/);
    });
  });
}
