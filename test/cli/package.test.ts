// The package as a user gets it: `npm pack`, installed with `npm install -g
// --prefix`, and every --help example that names a file the package ships run
// from another folder. Also: the version is package.json's, and the tarball
// holds what the README points users to.
import { test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const COMMANDS = ['replay', 'snapshot-diff', 'find-cycles', 'why', 'capture'];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env, timeout: 300_000 });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

test('installed from its tarball, gcdiag runs its own help examples from any folder', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gcdiag-pack-'));
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT); // dist/ is built: npm test builds first
  expect(pack.code, pack.err).toBe(0);
  const [{ filename, files }] = JSON.parse(pack.out) as { filename: string; files: { path: string }[] }[];
  const paths = new Set(files.map((f) => f.path));
  for (const p of ['LICENSE', 'README.md', 'dist/cli.js', 'python/gcdiag_oracle.py', 'docs/capture.md', 'schema/find-cycles-report.schema.json', 'fixtures/tutorial/expected.json']) {
    expect(paths.has(p), p).toBe(true);
  }
  expect([...paths].filter((p) => p.endsWith('.map') || p.startsWith('src/') || p.startsWith('test/'))).toEqual([]);

  const prefix = join(tmp, 'prefix');
  const install = run('npm', ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, join(tmp, filename)], tmp);
  expect(install.code, install.err).toBe(0);
  const bin = join(prefix, 'bin', 'gcdiag');
  const elsewhere = mkdtempSync(join(tmpdir(), 'gcdiag-user-'));
  const env = { ...process.env, NO_COLOR: '1' };

  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(run(bin, ['--version'], elsewhere).out.trim()).toBe(version);

  let ran = 0;
  for (const c of COMMANDS) {
    const help = run(bin, [c, '--help'], elsewhere, env).out;
    for (const line of help.split('\n')) {
      const m = /^ {2}gcdiag (.*?)\s*(#.*)?$/.exec(line);
      if (!m || !/\/(fixtures|schema|docs)\//.test(m[1])) continue;
      // A shipped file in an example is shown at a path that exists from here.
      const args = m[1].split(/\s+/);
      for (const a of args.filter((x) => /\/(fixtures|schema|docs)\//.test(x))) expect(existsSync(join(elsewhere, a)) || existsSync(a), a).toBe(true);
      const r = run(bin, args, elsewhere, env);
      expect(r.err, line).toBe('');
      expect(r.code, line).toBe(0);
      ran++;
    }
  }
  expect(ran).toBeGreaterThanOrEqual(5);
});
