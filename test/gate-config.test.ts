// The gate's config: found in the current folder (gcdiag.config.json, else
// [tool.gcdiag] in pyproject.toml) or named by --config; a bad one is one
// line naming the file and the JSON path, exit 2.
import { test, expect, describe } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, findConfig } from '../src/gate/config.js';
import { InputError } from '../src/errors.js';
import { gcdiag } from './helpers/cli.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'gcdiag-gate-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

function errorOf(file: string): string {
  try {
    readConfig(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('config validation', () => {
  const cases: [string, string, string, RegExp][] = [
    ['unknown top-level key', 'gcdiag.config.json', '{"maxGrowht": {"count": 1}}', /: \$\.maxGrowht: unknown key "maxGrowht"/],
    ['unknown nested key', 'gcdiag.config.json', '{"types": {"app.Request": {"count": 1, "byte": 2}}}', /: \$\.types\["app\.Request"\]\.byte: unknown key "byte"/],
    ['wrong type', 'gcdiag.config.json', '{"maxGrowth": {"count": "10"}}', /: \$\.maxGrowth\.count: .*expected number/],
    ['negative budget', 'gcdiag.config.json', '{"maxTotalBytesGrowth": -1}', /: \$\.maxTotalBytesGrowth: /],
    ['per-test override', 'gcdiag.config.json', '{"tests": {"t.py::a": {"ignoreTypes": "app.X"}}}', /: \$\.tests\["t\.py::a"\]\.ignoreTypes: .*expected array/],
    ['unknown suppression', 'gcdiag.config.json', '{"disableSuppressions": ["regex"]}', /: \$\.disableSuppressions\[0\]: /],
    ['__proto__ key', 'gcdiag.config.json', '{"types": {"__proto__": {"count": 1}}}', /: \$\.types\.__proto__: a key named __proto__ is not supported/],
    ['not JSON', 'gcdiag.config.json', '{"warmup": 1,}', /: not valid JSON/],
    ['TOML: unknown key', 'pyproject.toml', '[project]\nname = "x"\n\n[tool.gcdiag]\nwarmup = 2\nfail_on_garbage = true\n', /: \$\.tool\.gcdiag\.fail_on_garbage: unknown key/],
    ['TOML: wrong type', 'pyproject.toml', '[tool.gcdiag.types."app.models.Request"]\ncount = 1.5\n', /: \$\.tool\.gcdiag\.types\["app\.models\.Request"\]\.count: /],
    ['TOML: syntax', 'pyproject.toml', '[tool.gcdiag]\nwarmup = \n', /: line 2, column \d+: not valid TOML/],
  ];
  for (const [name, file, text, message] of cases) {
    test(name, () => {
      const d = dir({ [file]: text });
      const msg = errorOf(join(d, file));
      expect(msg).toMatch(message);
      expect(msg.startsWith(join(d, file))).toBe(true);
      expect(msg).not.toContain('\n');
    });
  }

  test('a good JSON config and a good pyproject.toml', () => {
    const json = dir({ 'gcdiag.config.json': JSON.stringify({ warmup: 2, maxGrowth: { count: 1 }, types: { constructor: { bytes: 64 } }, tests: { 'tests/*': { failOnGarbage: true } } }) });
    const a = findConfig(undefined, json);
    expect(a.config.warmup).toBe(2);
    expect(Object.keys(a.config.types!)).toEqual(['constructor']);
    const toml = dir({
      'pyproject.toml': [
        '[build-system]', 'requires = ["setuptools"]', '', '[[tool.other.items]]', 'when = 1979-05-27T07:32:00Z', 'text = """', 'multi', 'line"""', '',
        '[tool.gcdiag]', 'warmup = 3', 'ignoreModules = ["app.cache"]', '', '[tool.gcdiag.types."app.models.Request"]', 'count = 2', '',
        '[tool.gcdiag.tests."tests/test_db.py::*"]', 'maxGrowth = { count = 5, bytes = 4096 }', '',
      ].join('\n'),
    });
    const b = findConfig(undefined, toml);
    expect(b.file).toBe(join(toml, 'pyproject.toml'));
    expect(b.config).toEqual({ warmup: 3, ignoreModules: ['app.cache'], types: { 'app.models.Request': { count: 2 } }, tests: { 'tests/test_db.py::*': { maxGrowth: { count: 5, bytes: 4096 } } } });
    // gcdiag.config.json wins; a pyproject.toml without [tool.gcdiag] is no config.
    expect(findConfig(undefined, dir({ 'gcdiag.config.json': '{"warmup": 4}', 'pyproject.toml': '[tool.gcdiag]\nwarmup = 5\n' })).config.warmup).toBe(4);
    expect(findConfig(undefined, dir({ 'pyproject.toml': '[project]\nname = "x"\n' }))).toEqual({ file: null, config: {} });
  });
});

describe('the CLI on a bad config', () => {
  test('one line, exit 2, nothing on stdout', () => {
    const d = dir({ 'gcdiag.config.json': '{"types": {"app.X": {"count": true}}}' });
    const r = gcdiag(['gate', 'a.json', 'b.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gcdiag: .*gcdiag\.config\.json: \$\.types\["app\.X"\]\.count: /);
    const r2 = gcdiag(['gate', '--config', join(d, 'missing.toml'), 'a.json', 'b.json']);
    expect([r2.code, r2.stderr.trim()]).toEqual([2, `gcdiag: ${join(d, 'missing.toml')}: no such file`]);
  });
});
