// python/pyproject.toml builds a wheel of gcdiag_capture with no index (setuptools
// and wheel already installed: Debian's python3-setuptools and python3-wheel), and
// the installed wheel works without Node or PYTHONPATH: pytest finds the plugin
// through its pytest11 entry point (no -p), and `python -m gcdiag_capture` runs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PY_DIR } from './capture-helpers.js';
import { PYTESTS, SUITES, tempDir, testDirs, readSeries } from './plugin-helpers.js';

const DEBIAN = PYTESTS[0];

/** Can this Python build the wheel offline (setuptools >= 61 and wheel importable, venv available)? */
function canBuild(exe: string | undefined): string | undefined {
  if (!exe) return undefined;
  const r = spawnSync(exe, ['-c', [
    'import setuptools, wheel, venv, pip',
    'assert int(setuptools.__version__.split(".")[0]) >= 61',
  ].join('\n')], { encoding: 'utf8', cwd: tempDir() });
  return r.status === 0 ? exe : undefined;
}

const builder = canBuild(DEBIAN.exe);
let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(exe: string, args: string[], cwd: string) {
  const env = { ...process.env };
  delete env.PYTHONPATH;
  delete env.PYTEST_DISABLE_PLUGIN_AUTOLOAD;
  return spawnSync(exe, args, { encoding: 'utf8', cwd, env, timeout: 300_000 });
}

describe.skipIf(!builder)(`the gcdiag_capture wheel (${builder ?? 'no Python with pytest 7, setuptools >= 61, wheel and venv'})`, () => {
  it('builds offline, pip-installs into a venv, and pytest loads the plugin by its entry point', () => {
    const src = join(dir, 'src');
    cpSync(PY_DIR, src, { recursive: true, filter: (p) => !p.includes('__pycache__') });
    const built = run(builder!, ['-m', 'pip', 'wheel', '--no-build-isolation', '--no-deps', '--no-index',
      '-w', join(dir, 'dist'), src], dir);
    expect(built.status, built.stdout + built.stderr).toBe(0);
    const wheels = readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.whl'));
    expect(wheels).toEqual(['gcdiag_capture-0.1.0-py3-none-any.whl']);

    // pytest 7 comes from the system's site-packages; so does pip, which installs into the venv
    const venv = join(dir, 'venv');
    const made = run(builder!, ['-m', 'venv', '--system-site-packages', '--without-pip', venv], dir);
    expect(made.status, made.stderr).toBe(0);
    const py = join(venv, 'bin', 'python');
    const installed = run(py, ['-m', 'pip', 'install', '--no-index', '--no-deps', join(dir, 'dist', wheels[0])], dir);
    expect(installed.status, installed.stdout + installed.stderr).toBe(0);

    const where = run(py, ['-c', 'import gcdiag_capture; print(gcdiag_capture.__file__)'], dir);
    expect(where.stdout.trim()).toBe(join(venv, 'lib', readdirSync(join(venv, 'lib'))[0], 'site-packages',
      'gcdiag_capture', '__init__.py'));

    const out = join(dir, 'leaks');
    const r = run(py, ['-m', 'pytest', '-p', 'no:cacheprovider', '--gcdiag-leaks', `--gcdiag-dir=${out}`],
      join(SUITES, 'leak_listeners'));
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/leak_listeners_app\.Listener\s+\+1 \+1 \+1 objects\/run/);
    expect(readSeries(testDirs(out)[0])).toHaveLength(6);

    // -p given as well: registered once (the entry point is named as the module)
    const both = run(py, ['-m', 'pytest', '-p', 'gcdiag_capture.pytest_plugin', '-p', 'no:cacheprovider',
      '--gcdiag-leaks', `--gcdiag-dir=${out}`], join(SUITES, 'clean_caches'));
    expect(both.status, both.stdout + both.stderr).toBe(0);

    const help = run(py, ['-m', 'gcdiag_capture', '--help'], dir);
    expect(help.stdout + help.stderr).toMatch(/usage: python -m gcdiag_capture/);
    expect(existsSync(join(src, 'build'))).toBe(true);   // the build's leftovers stay in the copy
  });
});
